package io.drover.scheduler.dispatch;

import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.job.Job;

/**
 * An instance the leader is responsible for until it ends: what it runs, which attempt, where, and its state.
 * State changes go through {@link #moveTo}, which applies the state machine of {@link InstanceStatus}.
 */
public final class InFlight {
  private final Instance instance;
  private final Job job;
  private long waitingSince;
  private InstanceStatus status;
  private WorkerSession worker;
  private int attempt;
  private Long dispatchedAt;
  private Long startedAt;
  private long sentNanos;
  private BroadcastRun broadcast;

  public InFlight(Instance instance, Job job, long now) {
    this(instance, job, now, InstanceStatus.WAITING_DISPATCH);
  }

  /** An instance taken over in the state stored by the previous leader. */
  public InFlight(Instance instance, Job job, long now, InstanceStatus status) {
    this.instance = instance;
    this.job = job;
    this.waitingSince = now;
    this.status = status;
    this.attempt = instance.attempt();
  }

  public Instance instance() {
    return instance;
  }

  public Job job() {
    return job;
  }

  public long id() {
    return instance.id();
  }

  public synchronized int attempt() {
    return attempt;
  }

  synchronized long waitingSince() {
    return waitingSince;
  }

  public synchronized InstanceStatus status() {
    return status;
  }

  synchronized WorkerSession worker() {
    return worker;
  }

  synchronized Long dispatchedAt() {
    return dispatchedAt;
  }

  synchronized Long startedAt() {
    return startedAt;
  }

  /** When the current attempt was sent ({@link System#nanoTime()}), 0 if not sent. */
  synchronized long sentNanos() {
    return sentNanos;
  }

  synchronized void sent(long nanos) {
    sentNanos = nanos;
  }

  /** The tasks of the current attempt when the job is a broadcast and the attempt was dispatched; else null. */
  synchronized BroadcastRun broadcast() {
    return broadcast;
  }

  synchronized void broadcast(BroadcastRun run) {
    broadcast = run;
  }

  /** Moves to {@code next} on worker {@code on} if the state machine allows it. */
  synchronized boolean moveTo(InstanceStatus next, WorkerSession on, long now) {
    if (!status.canMoveTo(next)) {
      return false;
    }
    status = next;
    worker = on;
    if (next == InstanceStatus.DISPATCHED) {
      dispatchedAt = now;
    } else if (next == InstanceStatus.RUNNING) {
      startedAt = now;
    } else if (next == InstanceStatus.WAITING_DISPATCH) {
      waitingSince = now;
    }
    return true;
  }

  /**
   * Attempt {@code attempt} started at {@code at} and ended before its RUNNING report was due: notes the start while
   * the attempt is still dispatched (not after a RUNNING report, not for another attempt); never before its
   * dispatch.
   */
  synchronized void startedWithoutReport(int attempt, long at) {
    if (this.attempt == attempt && status == InstanceStatus.DISPATCHED && startedAt == null) {
      startedAt = dispatchedAt != null ? Math.max(at, dispatchedAt) : at;
    }
  }

  /** A reconnecting worker claims this running attempt after a leader change. */
  synchronized boolean claim(WorkerSession on) {
    if (worker != null || status.terminal() || status == InstanceStatus.WAITING_DISPATCH) {
      return false;
    }
    worker = on;
    return true;
  }

  /** Starts the next attempt: back to waiting, with a new attempt number and no worker. */
  synchronized boolean nextAttempt(long now) {
    if (status.terminal()) {
      return false;
    }
    status = InstanceStatus.WAITING_DISPATCH;
    worker = null;
    attempt++;
    dispatchedAt = null;
    startedAt = null;
    sentNanos = 0;
    broadcast = null;
    waitingSince = now;
    return true;
  }
}
