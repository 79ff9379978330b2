package io.drover.scheduler.instance;

/** A change to an instance's stored history, written behind in batches and in order. */
public sealed interface InstanceWrite permits Transition, AttemptRecord, Progress {
  long instanceId();
}
