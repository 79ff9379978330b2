package io.drover.scheduler.dispatch;

/** How the leader chooses among a job's eligible workers that have a free slot. */
public enum DispatchStrategy {
  /** The worker with the most free slots (server's in-flight count and the worker's heartbeat), then lowest load. */
  LEAST_LOADED,
  /** Eligible workers in turn, ordered by id; a worker without a free slot is passed over. */
  ROUND_ROBIN,
  /** A uniformly random eligible worker with a free slot. */
  RANDOM,
  /**
   * The same worker for a job as long as that worker stays connected (rendezvous hashing of the job id over the
   * eligible workers, so a worker joining or leaving moves only the jobs it gains or held). When that worker has no
   * free slot the instance waits for it.
   */
  CONSISTENT_HASH;

  /** The strategy named by a job; null or blank is the default, LEAST_LOADED. */
  public static DispatchStrategy of(String name) {
    if (name == null || name.isBlank()) {
      return LEAST_LOADED;
    }
    try {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dispatchStrategy must be one of LEAST_LOADED, ROUND_ROBIN, RANDOM,"
          + " CONSISTENT_HASH, got '" + name + "'");
    }
  }
}
