package io.drover.scheduler.instance;

/** One run of a job, as stored. {@code app} is the app's name (joined in reads, may be null on insert). */
public record Instance(
    long id,
    long jobId,
    long appId,
    String app,
    String triggerKey,
    long fireAt,
    TriggerType triggerType,
    String params,
    InstanceStatus status,
    int attempt,
    String worker,
    long epoch,
    String result,
    long createdAt,
    Long dispatchedAt,
    Long startedAt,
    Long finishedAt) {

  /** Trigger key of a scheduled fire: at most one instance per (job, fire time). */
  public static String scheduleKey(long fireAt) {
    return "S:" + fireAt;
  }

  /** Trigger key of an API run: the idempotency key when given, else the instance's own id. */
  public static String apiKey(String idempotencyKey, long instanceId) {
    return idempotencyKey == null || idempotencyKey.isBlank() ? "A:#" + instanceId : "A:" + idempotencyKey;
  }
}
