package io.drover.worker;

/**
 * The instance log of one attempt: lines a processor writes for the people who look at the instance. Lines reach the
 * server in batches, in the order written, and survive reconnections; they are kept with the instance, not in the
 * application's own log.
 *
 * <p>Messages use SLF4J's {@code {}} placeholders; a {@link Throwable} as the last argument (beyond the
 * placeholders) adds its stack trace. A line longer than 8 KiB is truncated with a marker. When the server cannot
 * keep up, the worker keeps the newest 10,000 lines and reports how many were dropped. Thread-safe: a processor may
 * log from threads of its own.
 *
 * <pre>{@code
 * ctx.log().info("settling {} orders", orders.size());
 * ctx.log().error("order {} failed", id, exception);
 * }</pre>
 */
public interface TaskLog {

  /** Writes an INFO line. */
  void info(String format, Object... args);

  /** Writes a WARN line. */
  void warn(String format, Object... args);

  /** Writes an ERROR line. */
  void error(String format, Object... args);
}
