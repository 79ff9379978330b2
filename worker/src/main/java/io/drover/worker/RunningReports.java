package io.drover.worker;

import io.drover.protocol.Report;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Decides when an attempt reports RUNNING: only once it has run for {@code delayMs}. An attempt that ends sooner
 * sends no RUNNING at all; its outcome carries its start time ({@link Report#startedAt()}), so the server still
 * records when it started, with one frame fewer each way per attempt. Most scheduled jobs take milliseconds, so at
 * high rates that is a quarter of the frames an attempt costs. With a zero delay every attempt reports RUNNING as
 * it starts, as before.
 *
 * <p>Attempts wait in start order; one timer thread wakes when the oldest is due, and sleeps while none waits.
 * Tasks of an attempt (broadcast) always report RUNNING at once: their instance shows RUNNING from its first task.
 */
final class RunningReports implements AutoCloseable {
  private final long delayMs;
  private final Consumer<Report> reports;
  private final Queue<RunningAttempt> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean armed = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor timer;

  RunningReports(long delayMs, Consumer<Report> reports, WorkerThreads threads) {
    if (delayMs < 0) {
      throw new IllegalArgumentException("running report delay must not be negative, got " + delayMs);
    }
    this.delayMs = delayMs;
    this.reports = reports;
    this.timer = new ScheduledThreadPoolExecutor(1, threads);
  }

  /** The attempt's processor starts now: RUNNING goes out at once, or after the delay if it still runs then. */
  void started(RunningAttempt a) {
    if (delayMs == 0 || a.task() != null) {
      send(a);
      return;
    }
    waiting.add(a);
    arm(delayMs);
  }

  private void arm(long inMs) {
    if (armed.compareAndSet(false, true)) {
      try {
        timer.schedule(this::sweep, inMs, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        armed.set(false);
      }
    }
  }

  private void sweep() {
    long now = System.currentTimeMillis(); // the clock of RunningAttempt.startedAt
    for (RunningAttempt a = waiting.peek(); a != null; a = waiting.peek()) {
      long due = a.startedAt() + delayMs;
      if (due > now) {
        armed.set(false);
        arm(due - now);
        return;
      }
      waiting.poll();
      send(a);
    }
    armed.set(false);
    if (!waiting.isEmpty()) { // added after the loop looked, before the timer was disarmed
      arm(0);
    }
  }

  private void send(RunningAttempt a) {
    if (a.claimRunningReport()) {
      reports.accept(a.runningReport());
    }
  }

  /** Stops the timer; attempts still waiting report no RUNNING (their outcome carries the start). */
  @Override
  public void close() {
    timer.shutdownNow();
    waiting.clear();
  }
}
