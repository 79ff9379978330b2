package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.protocol.Ack;
import io.drover.protocol.Dispatch;
import io.drover.protocol.Report;
import io.drover.protocol.Stop;
import io.drover.protocol.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dispatch decisions and attempt life without sockets: the answer and reports are collected in lists. */
class AttemptRunnerTest {
  private final List<Ack> acks = new CopyOnWriteArrayList<>();
  private final List<Report> reports = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger runs = new AtomicInteger();
  private final AttemptRunner runner = new AttemptRunner("w1", 2, Map.of(
      "hold", ctx -> {
        runs.incrementAndGet();
        release.await();
        return Result.ok("released");
      },
      "stubborn", ctx -> {
        runs.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          return Result.ok("ignored the interruption");
        }
        return Result.ok("released");
      },
      "null", ctx -> null), new EpochFence(), reports::add, LogBuffer.of(Tuning.DEFAULTS, Clock.systemUTC()),
      new WorkerThreads("attempt-runner-test-", false));

  @AfterEach
  void close() {
    release.countDown();
    runner.close();
    runner.awaitTermination(5_000);
  }

  private void dispatch(long instanceId, String processor) {
    runner.dispatch(new Dispatch(instanceId, 1, 1, 9, processor, "", 0), acks::add);
  }

  private Report awaitReport(long instanceId, TaskStatus status) {
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream()
        .anyMatch(r -> r.instanceId() == instanceId && r.status() == status));
    return reports.stream().filter(r -> r.instanceId() == instanceId && r.status() == status).findFirst()
        .orElseThrow();
  }

  @Test
  void repeatedDispatchOfARunningAttemptIsAcknowledgedButNotRunTwice() {
    dispatch(1, "hold");
    awaitReport(1, TaskStatus.RUNNING);
    dispatch(1, "hold");
    assertThat(acks).extracting(Ack::accepted).containsExactly(true, true);
    assertThat(runner.heartbeat().freeSlots()).isEqualTo(1);
    release.countDown();
    awaitReport(1, TaskStatus.SUCCEEDED);
    assertThat(runs).hasValue(1);
  }

  @Test
  void stopDecidesTheOutcomeEvenWhenTheProcessorIgnoresTheInterruption() {
    dispatch(2, "stubborn");
    awaitReport(2, TaskStatus.RUNNING);
    runner.stop(new Stop(2, 1, "operator"));
    assertThat(awaitReport(2, TaskStatus.CANCELED).result()).isEqualTo("operator");
    assertThat(reports).noneMatch(r -> r.status() == TaskStatus.SUCCEEDED);
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.heartbeat().freeSlots() == 2);
  }

  @Test
  void aProcessorReturningNothingFails() {
    dispatch(3, "null");
    assertThat(awaitReport(3, TaskStatus.FAILED).result()).isEqualTo("processor 'null' returned no result");
  }

  @Test
  void closeFailsRunningAttemptsAndRefusesNewOnes() {
    dispatch(4, "hold");
    awaitReport(4, TaskStatus.RUNNING);
    runner.close();
    assertThat(runner.awaitTermination(5_000)).isTrue();
    assertThat(awaitReport(4, TaskStatus.FAILED).result()).isEqualTo("worker shut down before the attempt finished");
    dispatch(5, "hold");
    assertThat(acks.get(acks.size() - 1)).isEqualTo(new Ack(5, 1, false, "worker shutting down"));
    assertThat(runner.runningInstanceIds()).isEmpty();
  }
}
