package io.drover.scheduler.instance;

/** One ended attempt of an instance. */
public record AttemptRecord(long instanceId, int attempt, String worker, InstanceStatus status, String result,
                            Long dispatchedAt, Long startedAt, long finishedAt) implements InstanceWrite {}
