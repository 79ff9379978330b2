package io.drover.protocol;

/**
 * The leader asks a worker to run one attempt of an instance.
 *
 * @param epoch the leader's fencing epoch for the app; workers refuse epochs lower than the highest seen
 * @param timeoutMs 0 for no timeout
 */
public record Dispatch(long instanceId, int attempt, long epoch, long jobId, String processor,
                       String params, long timeoutMs) implements Message {}
