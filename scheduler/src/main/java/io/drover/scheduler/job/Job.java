package io.drover.scheduler.job;

/**
 * A job definition as stored. {@code app} is the app's name (joined in reads); {@code nextFireAt} is null when
 * the job has no further scheduled fire. {@code startAt} and {@code endAt} bound its lifetime (null: unbounded).
 */
public record Job(
    Long id,
    long appId,
    String app,
    String name,
    String description,
    ScheduleType scheduleType,
    String scheduleExpr,
    String timeZone,
    String processor,
    String params,
    ExecutionMode mode,
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
    int version,
    long createdAt,
    long updatedAt,
    Long startAt,
    Long endAt) {

  public Job withId(long newId) {
    return new Job(newId, appId, app, name, description, scheduleType, scheduleExpr, timeZone, processor, params,
        mode, dispatchStrategy, workerSelector, maxInstances, overlapPolicy, timeoutMs, maxAttempts, retryBackoffMs,
        misfirePolicy, enabled, nextFireAt, version, createdAt, updatedAt, startAt, endAt);
  }

  public Job withNextFireAt(Long next) {
    return new Job(id, appId, app, name, description, scheduleType, scheduleExpr, timeZone, processor, params,
        mode, dispatchStrategy, workerSelector, maxInstances, overlapPolicy, timeoutMs, maxAttempts, retryBackoffMs,
        misfirePolicy, enabled, next, version, createdAt, updatedAt, startAt, endAt);
  }

  /** Null when {@code next} lies past the end of the job's lifetime. */
  public Long withinLifetime(Long next) {
    return next != null && endAt != null && next > endAt ? null : next;
  }
}
