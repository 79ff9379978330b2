package io.drover.scheduler.job;

/** How an instance is spread over workers. */
public enum ExecutionMode {
  STANDALONE,
  BROADCAST,
  MAP,
  MAP_REDUCE
}
