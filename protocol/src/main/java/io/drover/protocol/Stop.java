package io.drover.protocol;

/** The leader asks a worker to stop an attempt (interrupting its processor). */
public record Stop(long instanceId, int attempt, String reason) implements Message {}
