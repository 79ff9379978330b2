package io.drover.examples;

import io.drover.worker.MapReduceProcessor;
import io.drover.worker.Result;
import io.drover.worker.SubtaskResult;
import io.drover.worker.TaskContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo {@code sum} processor: the sum 1..N (N from params) as a map-reduce. The root task maps ranges of
 * {@value #RANGE} numbers, each subtask adds its range, the reduce adds the subtasks' sums. Run it as a MAP_REDUCE
 * job; in other modes (where {@code ctx.map} is not available) it adds 1..N itself.
 */
final class SumProcessor implements MapReduceProcessor {
  static final int RANGE = 10_000;

  /** A range of numbers to add, both ends included. */
  public record Range(long from, long to) {}

  @Override
  public Result process(TaskContext ctx) {
    if (!ctx.isRootTask()) {
      Range r = ctx.subtask(Range.class);
      return Result.ok(Long.toString(sum(r.from(), r.to())));
    }
    Long n = DemoProcessors.number(ctx.params(), null);
    if (n == null || n < 0) {
      return Result.fail("sum expects N >= 0, got '" + ctx.params() + "'");
    }
    List<Range> ranges = new ArrayList<>();
    for (long from = 1; from <= n; from += RANGE) {
      ranges.add(new Range(from, Math.min(n, from + RANGE - 1)));
    }
    try {
      ctx.map(ranges, "range");
      return Result.ok(null);
    } catch (UnsupportedOperationException notAMapJob) {
      return total(ranges.stream().map(r -> sum(r.from(), r.to())).toList());
    }
  }

  @Override
  public Result reduce(TaskContext ctx, List<SubtaskResult> results) {
    List<Long> sums = new ArrayList<>(results.size());
    for (SubtaskResult r : results) {
      if (!r.success()) {
        return Result.fail("range subtask " + r.id() + " failed: " + r.result());
      }
      sums.add(Long.parseLong(r.result()));
    }
    return total(sums);
  }

  private static Result total(List<Long> sums) {
    long total = 0;
    try {
      for (long s : sums) {
        total = Math.addExact(total, s);
      }
    } catch (ArithmeticException e) {
      return Result.fail("the sum does not fit in a long");
    }
    return Result.ok(Long.toString(total));
  }

  /** from + ... + to, exact (throws ArithmeticException on overflow). */
  static long sum(long from, long to) {
    long count = to - from + 1;
    long ends = Math.addExact(from, to);
    // count * (from + to) / 2, halving the even factor first so that only a true overflow fails
    return count % 2 == 0 ? Math.multiplyExact(count / 2, ends) : Math.multiplyExact(count, ends / 2);
  }
}
