package io.drover.scheduler.dispatch;

import io.drover.scheduler.instance.InstanceStatus;

/** Told when an instance the leader tracks reaches a terminal state. */
public interface InstanceListener {
  void ended(InFlight instance, InstanceStatus status, long at);
}
