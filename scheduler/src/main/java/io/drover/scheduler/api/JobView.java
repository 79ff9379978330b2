package io.drover.scheduler.api;

import io.drover.scheduler.job.Job;

/** A job as the API returns it. */
public record JobView(
    long id,
    String app,
    String name,
    String description,
    String scheduleType,
    String scheduleExpr,
    String timeZone,
    String processor,
    String params,
    String mode,
    String dispatchStrategy,
    String workerSelector,
    int maxInstances,
    String overlapPolicy,
    long timeoutMs,
    int maxAttempts,
    long retryBackoffMs,
    String misfirePolicy,
    boolean enabled,
    Long nextFireAt,
    Long startAt,
    Long endAt) {

  static JobView of(Job j) {
    return new JobView(j.id(), j.app(), j.name(), j.description(), j.scheduleType().name(), j.scheduleExpr(),
        j.timeZone(), j.processor(), j.params(), j.mode().name(), j.dispatchStrategy(), j.workerSelector(),
        j.maxInstances(), j.overlapPolicy(), j.timeoutMs(), j.maxAttempts(), j.retryBackoffMs(), j.misfirePolicy(),
        j.enabled(), j.nextFireAt(), j.startAt(), j.endAt());
  }
}
