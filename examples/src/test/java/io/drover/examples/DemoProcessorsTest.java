package io.drover.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.worker.Result;
import io.drover.worker.TaskContext;
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

  @Test
  void sumAddsOneToN() {
    assertThat(DemoProcessors.sum(Ctx.of("10"))).isEqualTo(Result.ok("55"));
    assertThat(DemoProcessors.sum(Ctx.of("0"))).isEqualTo(Result.ok("0"));
    assertThat(DemoProcessors.sum(Ctx.of("1000000"))).isEqualTo(Result.ok("500000500000"));
    assertThat(DemoProcessors.sum(Ctx.of("4294967295"))).isEqualTo(Result.ok("9223372034707292160"));
    assertThat(DemoProcessors.sum(Ctx.of("4294967296")).success()).as("overflow").isFalse();
    assertThat(DemoProcessors.sum(Ctx.of("-1")).success()).isFalse();
    assertThat(DemoProcessors.sum(Ctx.of("")).success()).isFalse();
  }
}
