package io.drover.examples;

import io.drover.worker.Result;
import io.drover.worker.TaskContext;
import io.drover.worker.Worker;

/**
 * The demo worker's processors, one per feature, used by the scripts, the standalone mode and tests:
 *
 * <ul>
 *   <li>{@code echo}: returns its params.</li>
 *   <li>{@code sleep}: sleeps params milliseconds; stops (FAILED "interrupted") when interrupted.</li>
 *   <li>{@code fail}: throws, with params as the message.</li>
 *   <li>{@code flaky}: fails attempts 1..N of an instance (N from params, default 1), then succeeds.</li>
 *   <li>{@code log}: writes params lines (default 1) to the instance log and reports how many.</li>
 *   <li>{@code sum}: the sum 1..N (N from params) as a decimal number: a map-reduce (ranges of 10,000 numbers
 *       over the app's workers) when run as a MAP_REDUCE job, see {@link SumProcessor}.</li>
 * </ul>
 */
public final class DemoProcessors {

  private DemoProcessors() {}

  /** Adds the demo processors to a worker builder and returns the builder. */
  public static Worker.Builder register(Worker.Builder b) {
    return b.processor("echo", DemoProcessors::echo)
        .processor("sleep", DemoProcessors::sleep)
        .processor("fail", DemoProcessors::fail)
        .processor("flaky", DemoProcessors::flaky)
        .processor("log", DemoProcessors::log)
        .processor("sum", new SumProcessor());
  }

  static Result echo(TaskContext ctx) {
    return Result.ok(ctx.params());
  }

  static Result sleep(TaskContext ctx) {
    Long ms = number(ctx.params(), 0);
    if (ms == null || ms < 0) {
      return Result.fail("sleep expects a duration in milliseconds >= 0, got '" + ctx.params() + "'");
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail("interrupted");
    }
    return Result.ok("slept " + ms + " ms");
  }

  static Result fail(TaskContext ctx) {
    throw new IllegalStateException(ctx.params());
  }

  static Result flaky(TaskContext ctx) {
    Long failures = number(ctx.params(), 1);
    if (failures == null || failures < 0) {
      return Result.fail("flaky expects a number of failing attempts >= 0, got '" + ctx.params() + "'");
    }
    if (ctx.attempt() <= failures) {
      return Result.fail("flaky: attempt " + ctx.attempt() + " of " + failures + " planned failures");
    }
    return Result.ok("succeeded at attempt " + ctx.attempt());
  }

  static Result log(TaskContext ctx) {
    Long lines = number(ctx.params(), 1);
    if (lines == null || lines < 0) {
      return Result.fail("log expects a number of lines >= 0, got '" + ctx.params() + "'");
    }
    for (long i = 1; i <= lines; i++) {
      ctx.log().info("line {} of {} (instance {}, attempt {})", i, lines, ctx.instanceId(), ctx.attempt());
    }
    return Result.ok("logged " + lines + " lines");
  }

  /** The params as a long; the default when blank; null when not a number. */
  static Long number(String params, Integer dflt) {
    if (params.isBlank()) {
      return dflt == null ? null : dflt.longValue();
    }
    try {
      return Long.parseLong(params.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
