package io.drover.worker;

import io.drover.protocol.Ack;
import io.drover.protocol.Dispatch;
import io.drover.protocol.Heartbeat;
import io.drover.protocol.Report;
import io.drover.protocol.Stop;
import io.drover.protocol.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs dispatched attempts on a bounded pool of {@code capacity} threads. Decides whether to take a DISPATCH
 * (epoch fence, free slot, known processor), answers it, runs the processor and reports its progress; STOP
 * interrupts a running attempt. Reports go to the given sink, which must accept them from any thread.
 */
final class AttemptRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  /** Identifies an attempt: an instance id and an attempt number. */
  private record Key(long instanceId, int attempt) {}

  private final String workerId;
  private final int capacity;
  private final Map<String, Processor> processors;
  private final List<String> processorNames;
  private final EpochFence fence;
  private final Consumer<Report> reports;
  private final Semaphore slots;
  private final Map<Key, RunningAttempt> running = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool;
  private volatile boolean closing;

  AttemptRunner(String workerId, int capacity, Map<String, Processor> processors, EpochFence fence,
                Consumer<Report> reports, WorkerThreads threads) {
    this.workerId = workerId;
    this.capacity = capacity;
    this.processors = Map.copyOf(processors);
    this.processorNames = processors.keySet().stream().sorted().toList();
    this.fence = fence;
    this.reports = reports;
    this.slots = new Semaphore(capacity);
    this.pool = new ThreadPoolExecutor(capacity, capacity, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        threads);
    this.pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Takes or refuses a DISPATCH. The answer is given (on the calling thread) before the attempt can report
   * anything, so the server always sees the ACK first.
   */
  void dispatch(Dispatch d, Consumer<Ack> answer) {
    log.debug("DISPATCH instance {} attempt {} (job {}, processor '{}', epoch {})", d.instanceId(), d.attempt(),
        d.jobId(), d.processor(), d.epoch());
    if (closing) {
      refuse(d, answer, "worker " + workerId + " is closing");
      return;
    }
    if (!fence.admit(d.epoch())) {
      refuse(d, answer, "stale epoch " + d.epoch() + " < " + fence.highest());
      return;
    }
    Key key = new Key(d.instanceId(), d.attempt());
    if (running.containsKey(key)) {
      log.debug("Instance {} attempt {} already runs here; acknowledging the repeated DISPATCH", d.instanceId(),
          d.attempt());
      answer.accept(new Ack(d.instanceId(), d.attempt(), true, null));
      return;
    }
    if (!slots.tryAcquire()) {
      refuse(d, answer, "no free slot");
      return;
    }
    Processor processor = d.processor() == null ? null : processors.get(d.processor());
    if (processor == null) {
      slots.release();
      answer.accept(new Ack(d.instanceId(), d.attempt(), true, null));
      String reason = "unknown processor '" + d.processor() + "' on worker " + workerId + "; known: "
          + processorNames;
      log.warn("Instance {} attempt {} of job {} failed: {}", d.instanceId(), d.attempt(), d.jobId(), reason);
      reports.accept(new Report(d.instanceId(), d.attempt(), TaskStatus.FAILED, reason,
          System.currentTimeMillis()));
      return;
    }
    RunningAttempt attempt = new RunningAttempt(this,
        new AttemptContext(d.instanceId(), d.attempt(), d.jobId(), d.params(), workerId), d.processor(), processor);
    running.put(key, attempt);
    answer.accept(new Ack(d.instanceId(), d.attempt(), true, null));
    try {
      pool.execute(attempt);
    } catch (RejectedExecutionException e) {
      // close() shut the pool down between the check above and here: the attempt never starts.
      finished(attempt, new RunningAttempt.Outcome(TaskStatus.FAILED, closedReason()));
    }
  }

  private void refuse(Dispatch d, Consumer<Ack> answer, String reason) {
    log.debug("Refused instance {} attempt {}: {}", d.instanceId(), d.attempt(), reason);
    answer.accept(new Ack(d.instanceId(), d.attempt(), false, reason));
  }

  /** Interrupts the attempt named by a STOP; it reports CANCELED with the stop's reason when it ends. */
  void stop(Stop s) {
    RunningAttempt a = running.get(new Key(s.instanceId(), s.attempt()));
    if (a == null) {
      log.debug("STOP for instance {} attempt {}, which does not run here", s.instanceId(), s.attempt());
      return;
    }
    log.debug("Stopping {}: {}", a, s.reason());
    a.stop(new RunningAttempt.Outcome(TaskStatus.CANCELED, s.reason() == null ? "stopped" : s.reason()));
  }

  /** Called by an attempt that ended: frees its slot first, so the server may use it as soon as it reads this. */
  void finished(RunningAttempt a, RunningAttempt.Outcome outcome) {
    if (running.remove(new Key(a.instanceId(), a.attempt()), a)) {
      slots.release();
    }
    log.debug("Finished {}: {} {}", a, outcome.status(), outcome.result());
    reports.accept(a.report(outcome.status(), outcome.result()));
  }

  void report(Report r) {
    reports.accept(r);
  }

  /** The instance ids of the attempts accepted and not yet ended. */
  List<Long> runningInstanceIds() {
    return running.keySet().stream().map(Key::instanceId).sorted().toList();
  }

  /** The current load, for a HEARTBEAT. */
  Heartbeat heartbeat() {
    int free = slots.availablePermits();
    return new Heartbeat(capacity, free, (double) (capacity - free) / capacity, runningInstanceIds());
  }

  private String closedReason() {
    return "worker " + workerId + " closed while the attempt was running";
  }

  /**
   * Refuses new dispatches, interrupts running attempts (they report FAILED, so the server may retry them
   * elsewhere) and waits up to the timeout for their threads to end.
   */
  @Override
  public void close() {
    closing = true;
    RunningAttempt.Outcome closed = new RunningAttempt.Outcome(TaskStatus.FAILED, closedReason());
    for (RunningAttempt a : running.values()) {
      a.stop(closed);
    }
    for (Runnable never : pool.shutdownNow()) {
      if (never instanceof RunningAttempt a) {
        finished(a, closed);
      }
    }
  }

  /** Waits until the pool's threads have ended; false (after a WARN) when a processor ignores interruption. */
  boolean awaitTermination(long timeoutMs) {
    try {
      if (pool.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.warn("Worker {}: processors still running {} ms after interruption: {}", workerId, timeoutMs,
        running.values());
    return false;
  }
}
