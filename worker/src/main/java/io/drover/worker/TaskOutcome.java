package io.drover.worker;

/**
 * How one task of a broadcast ended, as {@link BroadcastProcessor#postProcess} is given it.
 *
 * @param workerId the worker that ran the task
 * @param success true when the task succeeded
 * @param result the task's result text, or its failure reason
 */
public record TaskOutcome(String workerId, boolean success, String result) {}
