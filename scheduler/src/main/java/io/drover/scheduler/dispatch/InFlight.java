package io.drover.scheduler.dispatch;

import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.job.Job;

/** An instance the leader is responsible for until it ends: what it runs, where, and its state. */
public final class InFlight {
  private final Instance instance;
  private final Job job;
  private final long waitingSince;
  private InstanceStatus status = InstanceStatus.WAITING_DISPATCH;
  private WorkerSession worker;

  public InFlight(Instance instance, Job job, long now) {
    this(instance, job, now, InstanceStatus.WAITING_DISPATCH);
  }

  /** An instance taken over in the state stored by the previous leader. */
  public InFlight(Instance instance, Job job, long now, InstanceStatus status) {
    this.instance = instance;
    this.job = job;
    this.waitingSince = now;
    this.status = status;
  }

  public Instance instance() {
    return instance;
  }

  public Job job() {
    return job;
  }

  public InstanceStatus currentStatus() {
    return status();
  }

  public long id() {
    return instance.id();
  }

  long waitingSince() {
    return waitingSince;
  }

  synchronized InstanceStatus status() {
    return status;
  }

  synchronized WorkerSession worker() {
    return worker;
  }

  /** Moves to {@code next} if the state machine allows it; returns the worker it ran on, or false. */
  synchronized boolean moveTo(InstanceStatus next, WorkerSession on) {
    if (!status.canMoveTo(next)) {
      return false;
    }
    status = next;
    worker = on;
    return true;
  }
}
