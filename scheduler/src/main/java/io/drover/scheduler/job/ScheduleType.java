package io.drover.scheduler.job;

/** How a job is triggered; the meaning of {@code scheduleExpr} depends on it. */
public enum ScheduleType {
  /** scheduleExpr is a cron expression, evaluated in the job's time zone. */
  CRON,
  /** scheduleExpr is a period in milliseconds; fires are counted from the previous fire time. */
  FIXED_RATE,
  /** scheduleExpr is a delay in milliseconds, counted from the end of the previous instance. */
  FIXED_DELAY,
  /** Never fires by itself; runs only through the API. */
  API,
  /** scheduleExpr is one epoch-millisecond time; fires once. */
  ONE_SHOT
}
