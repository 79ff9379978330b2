package io.drover.scheduler.job;

/** How an instance is spread over workers. */
public enum ExecutionMode {
  STANDALONE,
  BROADCAST,
  MAP,
  MAP_REDUCE;

  /** True for MAP and MAP_REDUCE: the root task's worker spreads subtasks over the app's workers. */
  public boolean spreadsSubtasks() {
    return this == MAP || this == MAP_REDUCE;
  }
}
