package io.drover.worker;

import io.drover.protocol.Ack;
import io.drover.protocol.Dispatch;
import io.drover.protocol.Heartbeat;
import io.drover.protocol.Hello;
import io.drover.protocol.Report;
import io.drover.protocol.Stop;
import io.drover.protocol.TaskStatus;
import java.time.Duration;
import java.util.Comparator;
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
 * interrupts a running attempt. Reports go to the given sink, which must accept them from any thread; an attempt's
 * log lines are flushed ahead of its terminal report.
 *
 * <p>Shutting down is two steps: {@link #drain()} refuses new work and lets running attempts finish
 * ({@link #awaitIdle}); {@link #close(String)} interrupts what still runs and reports it FAILED.
 */
final class AttemptRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);
  /** The reason a DISPATCH is refused once the worker shuts down. */
  static final String SHUTTING_DOWN = "worker shutting down";
  /** The result of attempts still running when the worker stops waiting for them. */
  static final String SHUT_DOWN = io.drover.protocol.Report.WORKER_SHUT_DOWN;

  /** Identifies an attempt, or one task of it: an instance id, an attempt number and the task (null: all of it). */
  private record Key(long instanceId, int attempt, String task) {}

  private final String workerId;
  private final int capacity;
  private final Map<String, Processor> processors;
  private final List<String> processorNames;
  private final EpochFence fence;
  private final MapRelay relay;
  private final Consumer<Report> reports;
  private final LogBuffer logs;
  private final Semaphore slots;
  private final Map<Key, RunningAttempt> running = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool;
  private final Object idle = new Object();
  private final RunningReports runningReports;
  private volatile boolean draining;

  AttemptRunner(String workerId, int capacity, Map<String, Processor> processors, EpochFence fence,
                Consumer<Report> reports, LogBuffer logs, WorkerThreads threads) {
    this(workerId, capacity, processors, fence, reports, logs, threads, null,
        new RunningReports(0, reports, threads));
  }

  /**
   * @param relay runs map attempts' coordinators; null: MAP and MAP_REDUCE attempts fail
   * @param runningReports decides when an attempt reports RUNNING; sends to the same sink as {@code reports}
   */
  AttemptRunner(String workerId, int capacity, Map<String, Processor> processors, EpochFence fence,
                Consumer<Report> reports, LogBuffer logs, WorkerThreads threads, MapRelay relay,
                RunningReports runningReports) {
    this.relay = relay;
    this.workerId = workerId;
    this.capacity = capacity;
    this.processors = Map.copyOf(processors);
    this.processorNames = processors.keySet().stream().sorted().toList();
    this.fence = fence;
    this.reports = reports;
    this.logs = logs;
    this.slots = new Semaphore(capacity);
    this.pool = new ThreadPoolExecutor(capacity, capacity, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        threads);
    this.pool.allowCoreThreadTimeOut(true);
    this.runningReports = runningReports;
  }

  /**
   * Takes or refuses a DISPATCH. The answer is given (on the calling thread) before the attempt can report
   * anything, so the server always sees the ACK first.
   */
  void dispatch(Dispatch d, Consumer<Ack> answer) {
    log.debug("DISPATCH instance {} attempt {} (job {}, processor '{}', epoch {})", d.instanceId(), d.attempt(),
        d.jobId(), d.processor(), d.epoch());
    if (draining) {
      refuse(d, answer, SHUTTING_DOWN);
      return;
    }
    if (!fence.admit(d.epoch())) {
      refuse(d, answer, "stale epoch " + d.epoch() + " < " + fence.highest());
      return;
    }
    Key key = new Key(d.instanceId(), d.attempt(), d.task());
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
    Processor registered = d.processor() == null ? null : processors.get(d.processor());
    Processor processor = registered == null ? null : TaskProcessors.forTask(d, registered, relay);
    if (processor == null) {
      slots.release();
      answer.accept(new Ack(d.instanceId(), d.attempt(), true, null));
      String reason = registered == null ? "unknown processor '" + d.processor() + "' on worker " + workerId
          + "; known: " + processorNames : d.mapRoot() ? "worker " + workerId + " cannot coordinate maps"
          : "unknown task '" + d.task() + "' on worker " + workerId;
      log.warn("Instance {} attempt {} of job {} failed: {}", d.instanceId(), d.attempt(), d.jobId(), reason);
      reports.accept(new Report(d.instanceId(), d.attempt(), TaskStatus.FAILED, reason,
          System.currentTimeMillis(), d.task()));
      return;
    }
    RunningAttempt attempt = new RunningAttempt(this, new AttemptContext(d.instanceId(), d.attempt(), d.jobId(),
        d.params(), workerId, new InstanceLog(logs, d.instanceId())), d.processor(), processor, d.task());
    running.put(key, attempt);
    answer.accept(new Ack(d.instanceId(), d.attempt(), true, null));
    try {
      pool.execute(attempt);
    } catch (RejectedExecutionException e) {
      // close() shut the pool down between the check above and here: the attempt never starts.
      finished(attempt, new RunningAttempt.Outcome(TaskStatus.FAILED, SHUT_DOWN));
    }
  }

  private void refuse(Dispatch d, Consumer<Ack> answer, String reason) {
    log.debug("Refused instance {} attempt {}: {}", d.instanceId(), d.attempt(), reason);
    answer.accept(new Ack(d.instanceId(), d.attempt(), false, reason));
  }

  /**
   * Interrupts the attempt named by a STOP (every task of it that runs here); each reports CANCELED with the stop's
   * reason when it ends.
   */
  void stop(Stop s) {
    boolean found = false;
    for (Map.Entry<Key, RunningAttempt> e : running.entrySet()) {
      Key k = e.getKey();
      if (k.instanceId() == s.instanceId() && k.attempt() == s.attempt()) {
        found = true;
        log.debug("Stopping {}: {}", e.getValue(), s.reason());
        e.getValue().stop(new RunningAttempt.Outcome(TaskStatus.CANCELED, s.reason() == null ? "stopped"
            : s.reason()));
      }
    }
    if (!found) {
      log.debug("STOP for instance {} attempt {}, which does not run here", s.instanceId(), s.attempt());
    }
  }

  /**
   * Called by an attempt that ended: frees its slot first, so the server may use it as soon as it reads this, and
   * sends the attempt's log lines ahead of its report.
   */
  void finished(RunningAttempt a, RunningAttempt.Outcome outcome) {
    if (running.remove(new Key(a.instanceId(), a.attempt(), a.task()), a)) {
      slots.release();
    }
    log.debug("Finished {}: {} {}", a, outcome.status(), outcome.result());
    a.claimRunningReport(); // too late for RUNNING: the outcome carries the start
    logs.flush();
    reports.accept(a.report(outcome.status(), outcome.result()));
    synchronized (idle) {
      idle.notifyAll();
    }
  }

  /** The attempt's processor starts now. */
  void started(RunningAttempt a) {
    runningReports.started(a);
  }

  /** The instance ids of the attempts accepted and not yet ended. */
  List<Long> runningInstanceIds() {
    return running.keySet().stream().map(Key::instanceId).distinct().sorted().toList();
  }

  /** The attempts accepted and not yet ended (each once, whatever tasks of it run here), for a HELLO. */
  List<Hello.RunningAttempt> runningAttempts() {
    return running.keySet().stream().map(k -> new Hello.RunningAttempt(k.instanceId(), k.attempt())).distinct()
        .sorted(Comparator.comparingLong(Hello.RunningAttempt::instanceId)
            .thenComparingInt(Hello.RunningAttempt::attempt)).toList();
  }

  /** The current load, for a HEARTBEAT; no free slot while draining. */
  Heartbeat heartbeat() {
    int free = slots.availablePermits();
    return new Heartbeat(capacity, draining ? 0 : free, (double) (capacity - free) / capacity,
        runningInstanceIds());
  }

  /** From now on every DISPATCH is refused with {@value #SHUTTING_DOWN}; running attempts go on. */
  void drain() {
    draining = true;
  }

  /** The number of attempts accepted and not yet ended. */
  int runningCount() {
    return running.size();
  }

  /**
   * Waits until no attempt runs, or the timeout passes.
   *
   * @return true when none runs; false at the timeout or when the calling thread was interrupted (its interrupt
   *     flag is then set again)
   */
  boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (!running.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Closes with the usual reason: see {@link #close(String)}. */
  @Override
  public void close() {
    close(SHUT_DOWN);
  }

  /**
   * Refuses new dispatches and interrupts running attempts: they report FAILED with the reason, so the server may
   * retry them elsewhere. {@link #awaitTermination} waits for their threads to end.
   */
  void close(String reason) {
    draining = true;
    runningReports.close();
    RunningAttempt.Outcome closed = new RunningAttempt.Outcome(TaskStatus.FAILED, reason);
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
