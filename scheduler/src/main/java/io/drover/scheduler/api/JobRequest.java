package io.drover.scheduler.api;

/** A job as a client sends it (POST and PUT). Every field is optional in JSON; validation says what is missing. */
public record JobRequest(
    Long id,
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
    Integer maxInstances,
    String overlapPolicy,
    Long timeoutMs,
    Integer maxAttempts,
    Long retryBackoffMs,
    String misfirePolicy,
    Boolean enabled,
    Long nextFireAt,
    Long startAt,
    Long endAt) {}
