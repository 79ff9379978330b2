package io.drover.scheduler.dispatch;

import io.drover.protocol.Ack;
import io.drover.protocol.Hello;
import io.drover.protocol.MapProgress;
import io.drover.protocol.Report;
import io.drover.protocol.Stop;
import io.drover.protocol.TaskStatus;
import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.Progress;
import io.drover.scheduler.metrics.DroverMetrics;
import io.drover.scheduler.instance.Transition;
import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.store.TransitionWriter;
import io.netty.util.Timer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's view of an app's unfinished instances. Applies workers' acks and reports to the state machine,
 * enforces timeouts, retries failed attempts with exponential backoff, records every ended attempt, writes each
 * change behind, and frees the worker's slot when an attempt ends. Each instance ends exactly once.
 */
public final class InstanceTracker {
  private static final Logger log = LoggerFactory.getLogger(InstanceTracker.class);
  static final long MAX_BACKOFF_MS = 10 * 60_000L;

  /** Whether an ended attempt may be followed by another. */
  private enum Retry {
    /** Ends the instance. */
    NEVER,
    /** The job's retry policy: another attempt after the backoff while attempts remain. */
    BY_POLICY,
    /** The worker was lost or shut down: another attempt at once, up to the failover allowance. */
    FAILOVER
  }

  private final Map<Long, InFlight> active = new ConcurrentHashMap<>();
  private final Map<Long, Integer> activePerJob = new ConcurrentHashMap<>();
  private final TransitionWriter writer;
  private final LongSupplier clock;
  private final InstanceListener listener;
  private final Timer wheel;
  private final int workerLossRetries;
  private final DroverMetrics metrics;
  private final BroadcastFlow broadcast;
  private volatile Dispatcher dispatcher;

  /**
   * @param workerLossRetries attempts granted beyond the job's {@code maxAttempts} to fail work over from workers
   *     that were lost or shut down (so a crash does not use up the retries meant for the job's own failures)
   */
  public InstanceTracker(TransitionWriter writer, LongSupplier clock, InstanceListener listener, Timer wheel,
                         int workerLossRetries, DroverMetrics metrics) {
    this.metrics = metrics;
    this.writer = writer;
    this.clock = clock;
    this.listener = listener;
    this.wheel = wheel;
    this.workerLossRetries = workerLossRetries;
    this.broadcast = new BroadcastFlow(this, writer, clock);
  }

  public void bind(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  void track(InFlight f) {
    if (active.putIfAbsent(f.id(), f) == null) {
      activePerJob.merge(f.job().id(), 1, Integer::sum);
    }
  }

  /** Tracks an instance a previous leader dispatched; a reconnecting worker's reports claim it. */
  public void adopt(InFlight f) {
    track(f);
  }

  public int activeCount() {
    return active.size();
  }

  /** Unfinished instances of one job on this leader. */
  public int activeCount(long jobId) {
    return activePerJob.getOrDefault(jobId, 0);
  }

  public Collection<InFlight> active() {
    return active.values();
  }

  public List<InFlight> active(long jobId) {
    List<InFlight> out = new ArrayList<>();
    for (InFlight f : active.values()) {
      if (f.job().id() == jobId) {
        out.add(f);
      }
    }
    return out;
  }

  public boolean tracks(long instanceId) {
    return active.containsKey(instanceId);
  }

  /** The dispatcher sent an attempt (to {@code worker}, or the workers of a broadcast): write it down, time it. */
  void dispatched(InFlight f, String worker, long now) {
    f.sent(System.nanoTime());
    writer.submit(Transition.dispatched(f.id(), worker, now));
    long timeoutMs = f.job().timeoutMs();
    if (timeoutMs > 0) {
      int attempt = f.attempt();
      wheel.newTimeout(t -> timedOut(f, attempt), timeoutMs, TimeUnit.MILLISECONDS);
    }
  }

  /** The dispatcher chose the workers of a broadcast attempt: its pre-processing starts. */
  void broadcastDispatched(InFlight f, BroadcastRun run) {
    broadcast.start(f, run, epoch());
  }

  private long epoch() {
    return dispatcher.epoch();
  }

  public void onAck(WorkerSession w, Ack ack) {
    InFlight f = active.get(ack.instanceId());
    if (f == null || ack.attempt() != f.attempt()) {
      return;
    }
    BroadcastRun run = f.broadcast();
    if (run != null) {
      if (!ack.accepted()) {
        broadcast.onRefused(f, run, w, ack.reason(), epoch());
      }
      return;
    }
    if (ack.accepted()) {
      long sent = f.sentNanos();
      if (sent != 0) {
        metrics.dispatched(f.job().app(), System.nanoTime() - sent);
      }
      return;
    }
    log.info("Worker {} refused instance {} attempt {}: {}", w.workerId(), ack.instanceId(), ack.attempt(),
        ack.reason());
    w.refused();
    if (f.worker() == w && f.moveTo(InstanceStatus.WAITING_DISPATCH, null, clock.getAsLong())) {
      w.release();
      w.refused(); // release() clears it; this worker is not asked again until it shows a free slot
      writer.submit(Transition.waiting(f.id(), f.attempt(), null));
      dispatcher.requeue(f);
    }
  }

  public void onReport(WorkerSession w, Report r) {
    InFlight f = active.get(r.instanceId());
    if (f == null || r.attempt() != f.attempt()) {
      log.debug("Ignoring {} report for instance {} attempt {}: not an attempt this leader runs", r.status(),
          r.instanceId(), r.attempt());
      return;
    }
    BroadcastRun run = f.broadcast();
    if (run != null || r.task() != null) {
      if (run != null) {
        broadcast.onReport(f, run, w, r, epoch());
      }
      return;
    }
    long now = clock.getAsLong();
    // the worker's own measure of how long the processor has run, taken back from our clock (skew-free)
    long startedAt = now - r.ranForMs();
    if (r.status() != TaskStatus.RUNNING && r.startedAt() > 0) {
      f.startedWithoutReport(r.attempt(), startedAt); // an outcome that came before its RUNNING report was due
    }
    switch (r.status()) {
      case RUNNING -> {
        if (f.moveTo(InstanceStatus.RUNNING, w, startedAt)) {
          writer.submit(Transition.running(f.id(), w.workerId(), startedAt));
        }
      }
      case SUCCEEDED -> end(f, r.attempt(), InstanceStatus.SUCCEEDED, w, r.result(), now, Retry.NEVER);
      case FAILED -> end(f, r.attempt(), InstanceStatus.FAILED, w, r.result(), now,
          r.abandonedByShutdown() ? Retry.FAILOVER : Retry.BY_POLICY);
      case CANCELED -> end(f, r.attempt(), InstanceStatus.CANCELED, w, r.result(), now, Retry.NEVER);
    }
  }

  /**
   * The worker is gone (connection closed, heartbeats stopped, or it shut down): each attempt it held is recorded
   * FAILED and the instance goes to another worker at once as its next attempt.
   */
  public void onWorkerLost(WorkerSession w) {
    long now = clock.getAsLong();
    String how = w.isLeaving() ? " shut down" : " was lost";
    int moved = 0;
    for (InFlight f : List.copyOf(active.values())) {
      BroadcastRun run = f.broadcast();
      if (run != null && run.includes(w)) {
        broadcast.onWorkerLost(f, run, w, how, epoch());
        moved++;
      } else if (f.worker() == w) {
        end(f, f.attempt(), InstanceStatus.FAILED, w, "worker " + w.workerId() + how + " while running attempt "
            + f.attempt(), now, Retry.FAILOVER);
        moved++;
      }
    }
    if (moved > 0) {
      log.info("Worker {}{}; failing over {} attempt(s) it held", w.workerId(), how, moved);
    }
  }

  /** The DISPATCH frame of this attempt could not be written: the attempt moves to another worker at once. */
  void sendFailed(InFlight f, WorkerSession w, int attempt, Throwable cause) {
    end(f, attempt, InstanceStatus.FAILED, w, "could not send the attempt to worker " + w.workerId() + ": "
        + (cause == null ? "connection closed" : cause.getMessage()), clock.getAsLong(), Retry.FAILOVER);
  }

  /** True when the instance is unfinished here and its current attempt runs on {@code w}. */
  public boolean runsOn(long instanceId, WorkerSession w) {
    InFlight f = active.get(instanceId);
    if (f == null) {
      return false;
    }
    BroadcastRun run = f.broadcast();
    return run != null ? run.includes(w) : f.job().mode().spreadsSubtasks() || f.worker() == w;
  }

  /** True when {@code w} runs the root task of that attempt of a map instance here (and so coordinates it). */
  public boolean coordinates(long instanceId, int attempt, WorkerSession w) {
    InFlight f = active.get(instanceId);
    return f != null && f.job().mode().spreadsSubtasks() && f.attempt() == attempt && f.worker() == w;
  }

  /** The coordinator of a map attempt reported its subtasks' counts: written behind, shown by the API. */
  public void onProgress(WorkerSession w, MapProgress p) {
    if (coordinates(p.instanceId(), p.attempt(), w)) {
      writer.submit(new Progress(p.instanceId(), p.toJson()));
    }
  }

  /** Ends a broadcast attempt that lost a worker it could not do without: the next attempt follows at once. */
  void failOver(InFlight f, String reason) {
    end(f, f.attempt(), InstanceStatus.FAILED, null, reason, clock.getAsLong(), Retry.FAILOVER);
  }

  /** Ends an attempt that failed: the job's retry policy decides whether another follows. */
  void failByPolicy(InFlight f, String reason) {
    end(f, f.attempt(), InstanceStatus.FAILED, null, reason, clock.getAsLong(), Retry.BY_POLICY);
  }

  void succeed(InFlight f, String result) {
    end(f, f.attempt(), InstanceStatus.SUCCEEDED, null, result, clock.getAsLong(), Retry.NEVER);
  }

  /** Sends STOP for the current attempt to every worker that runs part of it. */
  private void sendStop(InFlight f, WorkerSession w, int attempt, String reason) {
    BroadcastRun run = f.broadcast();
    if (run != null) {
      broadcast.stopAll(run, f.id(), attempt, reason);
    } else if (f.job().mode().spreadsSubtasks() && dispatcher != null) {
      dispatcher.sendToAll(new Stop(f.id(), attempt, reason)); // subtasks may run on any worker of the app
    } else if (w != null) {
      w.send(new Stop(f.id(), attempt, reason));
    }
  }

  private void timedOut(InFlight f, int attempt) {
    InstanceStatus s = f.status();
    if (active.get(f.id()) != f || f.attempt() != attempt
        || (s != InstanceStatus.DISPATCHED && s != InstanceStatus.RUNNING)) {
      return;
    }
    String reason = "timed out after " + f.job().timeoutMs() + " ms (attempt " + attempt + ")";
    WorkerSession w = f.worker();
    sendStop(f, w, attempt, reason);
    end(f, attempt, InstanceStatus.TIMED_OUT, w, reason, clock.getAsLong(), Retry.BY_POLICY);
  }

  /**
   * Stops an unfinished instance: a running attempt gets STOP (its processor is interrupted), and the instance
   * ends CANCELED without retries. Returns false when this leader does not track the instance.
   */
  public boolean stop(long instanceId, String reason) {
    InFlight f = active.get(instanceId);
    if (f == null) {
      return false;
    }
    WorkerSession w = f.worker();
    int attempt = f.attempt();
    sendStop(f, w, attempt, reason);
    end(f, attempt, InstanceStatus.CANCELED, w, reason, clock.getAsLong(), Retry.NEVER);
    return true;
  }

  /**
   * Ends an instance this tracker did not run yet: SKIPPED by an overlap policy, CANCELED while queued or while
   * waiting for its moment.
   */
  public void endUntracked(InFlight f, InstanceStatus status, String reason) {
    track(f);
    end(f, f.attempt(), status, null, reason, clock.getAsLong(), Retry.NEVER);
  }

  /** Ends the instance for good, without retries. */
  void giveUp(InFlight f, InstanceStatus status, String reason) {
    end(f, f.attempt(), status, null, reason, clock.getAsLong(), Retry.NEVER);
  }

  /** Ends the current attempt with {@code status}: a retry when allowed and attempts remain, else for good. */
  void finish(InFlight f, InstanceStatus status, WorkerSession w, String result, long now) {
    end(f, f.attempt(), status, w, result, now, Retry.BY_POLICY);
  }

  private void end(InFlight f, int attempt, InstanceStatus status, WorkerSession w, String result, long now,
                   Retry rule) {
    WorkerSession ranOn;
    BroadcastRun run;
    Long dispatchedAt;
    Long startedAt;
    boolean retry;
    synchronized (f) {
      if (f.attempt() != attempt || f.status().terminal()) {
        return; // this attempt ended already (a late report, a timeout racing a result)
      }
      ranOn = f.worker();
      run = f.broadcast();
      dispatchedAt = f.dispatchedAt();
      startedAt = f.startedAt();
      int allowed = f.job().maxAttempts() + (rule == Retry.FAILOVER ? workerLossRetries : 0);
      retry = rule != Retry.NEVER && (status == InstanceStatus.FAILED || status == InstanceStatus.TIMED_OUT)
          && attempt < allowed;
      if (retry ? !f.nextAttempt(now) : !f.moveTo(status, ranOn, now)) {
        return;
      }
    }
    if (!retry && active.remove(f.id()) != null) {
      activePerJob.computeIfPresent(f.job().id(), (k, n) -> n <= 1 ? null : n - 1);
    }
    if (ranOn != null) {
      ranOn.release();
    }
    if (run != null) {
      run.workers().forEach(WorkerSession::release);
    }
    if (ranOn != null && f.job().mode().spreadsSubtasks() && dispatcher != null) {
      // the attempt is over (its coordinator may be gone): its subtasks stop wherever they run
      dispatcher.sendToAll(new Stop(f.id(), attempt, "attempt " + attempt + " ended " + status));
    }
    String worker = w != null ? w.workerId() : ranOn != null ? ranOn.workerId() : run != null ? run.label() : null;
    if (AttemptRecord.needsRow(attempt, !retry, dispatchedAt, status)) {
      writer.submit(new AttemptRecord(f.id(), attempt, worker, status, result, dispatchedAt, startedAt, now));
    }
    if (retry) {
      long backoff = rule == Retry.FAILOVER ? 0 : backoff(f.job().retryBackoffMs(), attempt);
      writer.submit(Transition.waiting(f.id(), attempt + 1, "attempt " + attempt + " " + status + ": " + result
          + "; attempt " + (attempt + 1) + " in " + backoff + " ms"));
      log.debug("Instance {} attempt {} {}; retrying in {} ms", f.id(), attempt, status, backoff);
      if (backoff == 0) {
        dispatcher.resubmit(f);
      } else {
        wheel.newTimeout(t -> dispatcher.resubmit(f), backoff, TimeUnit.MILLISECONDS);
      }
    } else {
      writer.submit(Transition.finished(f.id(), status, worker, result, startedAt, now));
      metrics.instanceFinished(f.job().app(), status.name());
      log.debug("Instance {} of job {} ended {} at attempt {}", f.id(), f.job().id(), status, attempt);
      listener.ended(f, status, now);
    }
    if ((ranOn != null || run != null) && dispatcher != null) {
      dispatcher.drain();
    }
  }

  /** Exponential backoff: base, 2 x base, 4 x base ... capped at ten minutes. */
  static long backoff(long baseMs, int endedAttempt) {
    if (baseMs <= 0) {
      return 0;
    }
    int shift = Math.min(endedAttempt - 1, 30);
    long b = baseMs << shift;
    return b < 0 || b > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : b;
  }

  /**
   * A worker connected and listed what it runs: adopted attempts it runs are its again (their slots counted), so
   * their reports apply and they are not failed as unclaimed.
   */
  public void claim(WorkerSession w) {
    int claimed = 0;
    for (long id : w.runningAtHello()) {
      InFlight f = active.get(id);
      if (f != null && f.job().mode() != ExecutionMode.BROADCAST && f.claim(w)) {
        w.tryReserve();
        claimed++;
      }
    }
    if (claimed > 0) {
      log.info("Worker {} reclaimed {} running instance(s) after a leader change", w.workerId(), claimed);
    }
    stopSuperseded(w);
  }

  /**
   * Stops the attempts a connecting worker still runs although a later attempt of their instance exists: they were
   * failed over while the worker was away (lost, frozen, a network blip), and the STOP sent then could not reach
   * it. An instance this leader does not track is left alone: it may be one a takeover has not adopted yet.
   */
  private void stopSuperseded(WorkerSession w) {
    for (Hello.RunningAttempt a : w.attemptsAtHello()) {
      InFlight f = active.get(a.instanceId());
      int current = f == null ? 0 : f.attempt();
      if (current > a.attempt()) {
        log.info("Worker {} still runs instance {} attempt {}, superseded by attempt {} while it was away;"
            + " stopping it", w.workerId(), a.instanceId(), a.attempt(), current);
        w.send(new Stop(a.instanceId(), a.attempt(), "superseded by attempt " + current + " while worker "
            + w.workerId() + " was away"));
      }
    }
  }

  /** Fails an adopted instance that no worker has claimed (no report since the takeover). */
  public void failIfUnclaimed(long id, String reason) {
    InFlight f = active.get(id);
    if (f != null && f.worker() == null && f.status() != InstanceStatus.WAITING_DISPATCH) {
      finish(f, InstanceStatus.FAILED, null, reason, clock.getAsLong());
    }
  }
}
