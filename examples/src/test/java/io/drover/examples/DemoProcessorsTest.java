package io.drover.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.worker.Result;
import io.drover.worker.SubtaskResult;
import io.drover.worker.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Each demo processor's result, called directly without a server or a worker. */
class DemoProcessorsTest {

  /** A task context for calling processors directly. */
  record Ctx(long instanceId, int attempt, long jobId, String params, String workerId) implements TaskContext {
    static Ctx of(String params) {
      return new Ctx(1, 1, 2, params, "test-worker");
    }

    static Ctx attempt(int attempt, String params) {
      return new Ctx(1, attempt, 2, params, "test-worker");
    }
  }

  @Test
  void echoReturnsItsParams() {
    assertThat(DemoProcessors.echo(Ctx.of("hello from drover"))).isEqualTo(Result.ok("hello from drover"));
    assertThat(DemoProcessors.echo(Ctx.of(""))).isEqualTo(Result.ok(""));
  }

  @Test
  void sleepSleepsTheGivenMilliseconds() {
    long start = System.nanoTime();
    assertThat(DemoProcessors.sleep(Ctx.of("50"))).isEqualTo(Result.ok("slept 50 ms"));
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000L);
    assertThat(DemoProcessors.sleep(Ctx.of("soon")).success()).isFalse();
  }

  @Test
  void sleepStopsWhenInterrupted() throws Exception {
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread t = new Thread(() -> {
      result.set(DemoProcessors.sleep(Ctx.of("60000")));
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    t.start();
    t.interrupt();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(result.get()).isEqualTo(Result.fail("interrupted"));
    assertThat(stillInterrupted.get()).as("the interrupt flag is kept").isTrue();
  }

  @Test
  void failThrowsWithParamsAsTheMessage() {
    assertThatThrownBy(() -> DemoProcessors.fail(Ctx.of("card declined")))
        .isInstanceOf(IllegalStateException.class).hasMessage("card declined");
  }

  @Test
  void flakyFailsTheFirstNAttempts() {
    assertThat(DemoProcessors.flaky(Ctx.attempt(1, "2")).success()).isFalse();
    assertThat(DemoProcessors.flaky(Ctx.attempt(2, "2")).success()).isFalse();
    assertThat(DemoProcessors.flaky(Ctx.attempt(3, "2"))).isEqualTo(Result.ok("succeeded at attempt 3"));
    assertThat(DemoProcessors.flaky(Ctx.attempt(1, "0"))).isEqualTo(Result.ok("succeeded at attempt 1"));
    assertThat(DemoProcessors.flaky(Ctx.attempt(1, "")).success()).as("one failure by default").isFalse();
    assertThat(DemoProcessors.flaky(Ctx.attempt(2, ""))).isEqualTo(Result.ok("succeeded at attempt 2"));
  }

  @Test
  void logReportsTheLineCount() {
    assertThat(DemoProcessors.log(Ctx.of("3"))).isEqualTo(Result.ok("logged 3 lines"));
    assertThat(DemoProcessors.log(Ctx.of("many")).success()).isFalse();
  }

  private static final SumProcessor SUM = new SumProcessor();

  @Test
  void sumAddsOneToN() {
    assertThat(SUM.process(Ctx.of("10"))).isEqualTo(Result.ok("55"));
    assertThat(SUM.process(Ctx.of("0"))).isEqualTo(Result.ok("0"));
    assertThat(SUM.process(Ctx.of("1000000"))).isEqualTo(Result.ok("500000500000"));
    assertThat(SUM.process(Ctx.of("4294967295"))).isEqualTo(Result.ok("9223372034707292160"));
    assertThat(SUM.process(Ctx.of("4294967296")).success()).as("overflow").isFalse();
    assertThat(SUM.process(Ctx.of("-1")).success()).isFalse();
    assertThat(SUM.process(Ctx.of("")).success()).isFalse();
  }

  /** A root task context whose map() keeps the subtasks, and subtask contexts to run them. */
  static final class MapCtx implements TaskContext {
    final String params;
    final Object subtask;
    final List<Object> mapped = new ArrayList<>();

    MapCtx(String params, Object subtask) {
      this.params = params;
      this.subtask = subtask;
    }

    @Override public long instanceId() { return 1; }
    @Override public int attempt() { return 1; }
    @Override public long jobId() { return 2; }
    @Override public String params() { return params; }
    @Override public String workerId() { return "test-worker"; }
    @Override public String taskName() { return subtask == null ? null : "range"; }
    @Override public <T> T subtask(Class<T> type) { return type.cast(subtask); }
    @Override public void map(List<?> subtasks, String name) {
      assertThat(name).isEqualTo("range");
      mapped.addAll(subtasks);
    }
  }

  @Test
  void sumAsMapReduceMapsRangesAndReducesTheirSums() throws Exception {
    MapCtx root = new MapCtx("1000000", null);
    assertThat(SUM.process(root).success()).isTrue();
    assertThat(root.mapped).hasSize(100).first().isEqualTo(new SumProcessor.Range(1, 10_000));
    List<SubtaskResult> results = new ArrayList<>();
    for (Object range : root.mapped) {
      Result r = SUM.process(new MapCtx("1000000", range));
      results.add(new SubtaskResult(results.size(), "range", r.success(), r.message()));
    }
    assertThat(results.get(0).result()).isEqualTo("50005000");
    assertThat(SUM.reduce(root, results)).isEqualTo(Result.ok("500000500000"));
    results.set(3, new SubtaskResult(3, "range", false, "worker lost"));
    assertThat(SUM.reduce(root, results).message()).contains("range subtask 3 failed: worker lost");
  }
}
