package io.drover.scheduler.api;

import io.drover.scheduler.dispatch.DispatchStrategy;
import io.drover.scheduler.dispatch.WorkerSelector;
import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.InvalidJobException;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.NextFireCalculator;
import io.drover.scheduler.job.ScheduleType;
import io.drover.scheduler.store.App;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a {@link JobRequest} into a valid {@link Job} or says exactly what is wrong. Only what this version
 * implements is accepted: a value that would be silently ignored is refused instead.
 */
final class JobValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ :-]{0,127}");

  private JobValidator() {}

  static Job toJob(JobRequest r, App app, Job existing, long now) {
    String name = required("name", r.name());
    if (!NAME.matcher(name).matches()) {
      throw new InvalidJobException("name must be 1-128 letters, digits, '.', '_', '-', ':' or spaces, got \""
          + name + "\"");
    }
    ScheduleType type = parse(ScheduleType.class, "scheduleType", required("scheduleType", r.scheduleType()));
    String tz = r.timeZone() == null || r.timeZone().isBlank() ? "UTC" : r.timeZone().trim();
    String expr = r.scheduleExpr() == null ? "" : r.scheduleExpr().trim();
    NextFireCalculator.validate(type, expr, tz);
    String processor = required("processor", r.processor());
    checkParams(r.params());
    ExecutionMode mode = r.mode() == null ? ExecutionMode.STANDALONE : parse(ExecutionMode.class, "mode", r.mode());
    String strategy = valid(() -> DispatchStrategy.of(r.dispatchStrategy()).name());
    String overlap = oneOf("overlapPolicy", r.overlapPolicy(), "ALLOW", "ALLOW", "SKIP", "QUEUE", "REPLACE");
    String misfire = oneOf("misfirePolicy", r.misfirePolicy(), "FIRE_ONCE", "FIRE_ONCE", "SKIP", "FIRE_ALL");
    String selector = r.workerSelector() == null || r.workerSelector().isBlank() ? null
        : valid(() -> WorkerSelector.of(r.workerSelector()).toString());
    int maxInstances = r.maxInstances() == null ? 0 : r.maxInstances();
    if (maxInstances < 0) {
      throw new InvalidJobException("maxInstances must be 0 (no limit) or more, got " + maxInstances);
    }
    int maxAttempts = r.maxAttempts() == null ? 1 : r.maxAttempts();
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new InvalidJobException("maxAttempts must be in 1..100, got " + maxAttempts);
    }
    long timeoutMs = r.timeoutMs() == null ? 0 : r.timeoutMs();
    if (timeoutMs < 0) {
      throw new InvalidJobException("timeoutMs must be 0 (no timeout) or more, got " + timeoutMs);
    }
    long backoff = r.retryBackoffMs() == null ? 1000 : r.retryBackoffMs();
    if (backoff < 0) {
      throw new InvalidJobException("retryBackoffMs must not be negative");
    }
    Long startAt = r.startAt();
    Long endAt = r.endAt();
    if ((startAt != null && startAt < 0) || (endAt != null && endAt < 0)) {
      throw new InvalidJobException("startAt and endAt must be epoch-millisecond times");
    }
    if (startAt != null && endAt != null && endAt <= startAt) {
      throw new InvalidJobException("endAt (" + endAt + ") must be after startAt (" + startAt + ")");
    }
    boolean enabled = r.enabled() == null || r.enabled();
    Long next = enabled ? NextFireCalculator.first(type, expr, tz, now, startAt, endAt) : null;
    if (existing != null && enabled && existing.enabled() && existing.nextFireAt() != null
        && existing.scheduleType() == type && existing.scheduleExpr().equals(expr) && existing.timeZone().equals(tz)
        && java.util.Objects.equals(existing.startAt(), startAt) && java.util.Objects.equals(existing.endAt(), endAt)) {
      next = existing.nextFireAt(); // same schedule: keep its phase
    }
    return new Job(existing == null ? null : existing.id(), app.id(), app.name(), name, r.description(), type, expr,
        tz, processor, r.params(), mode, strategy, selector, maxInstances, overlap, timeoutMs, maxAttempts, backoff,
        misfire, enabled, next, existing == null ? 0 : existing.version(),
        existing == null ? now : existing.createdAt(), now, startAt, endAt);
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidJobException(field + " is required");
    }
    return value.trim();
  }

  /** Params are stored in a TEXT column: at most {@value #MAX_PARAMS_BYTES} bytes of UTF-8. */
  static final int MAX_PARAMS_BYTES = 65_535;

  /** Refuses params too large to store whole (rather than store them cut). */
  static void checkParams(String params) {
    if (params != null && params.length() > MAX_PARAMS_BYTES / 3
        && params.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PARAMS_BYTES) {
      throw new InvalidJobException("params must be at most " + MAX_PARAMS_BYTES + " bytes (UTF-8)");
    }
  }

  /** The value, or the parser's message as a 400. */
  private static String valid(java.util.function.Supplier<String> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException(e.getMessage());
    }
  }

  private static String oneOf(String field, String value, String dflt, String... allowed) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    String v = value.trim().toUpperCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return a;
      }
    }
    throw new InvalidJobException(field + " must be one of " + java.util.Arrays.toString(allowed) + ", got \""
        + value + "\"");
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException(field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
          + ", got \"" + value + "\"");
    }
  }
}
