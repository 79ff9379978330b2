package io.drover.worker;

import java.util.List;

/** The context of the root task of a map attempt: the attempt's own context, whose {@link #map} feeds the coordinator. */
final class RootContext implements TaskContext {
  private final TaskContext attempt;
  private final MapCoordinator coordinator;

  RootContext(TaskContext attempt, MapCoordinator coordinator) {
    this.attempt = attempt;
    this.coordinator = coordinator;
  }

  @Override
  public long instanceId() {
    return attempt.instanceId();
  }

  @Override
  public int attempt() {
    return attempt.attempt();
  }

  @Override
  public long jobId() {
    return attempt.jobId();
  }

  @Override
  public String params() {
    return attempt.params();
  }

  @Override
  public String workerId() {
    return attempt.workerId();
  }

  @Override
  public TaskLog log() {
    return attempt.log();
  }

  @Override
  public void map(List<?> subtasks, String name) {
    coordinator.add(subtasks, name);
  }
}
