package io.drover.protocol;

/**
 * Progress or outcome of an attempt, sent by the worker that runs it.
 *
 * @param at worker wall-clock time in epoch milliseconds when the state was reached
 */
public record Report(long instanceId, int attempt, TaskStatus status, String result, long at) implements Message {}
