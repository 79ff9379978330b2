package io.drover.scheduler.instance;

/**
 * One state change of an instance, written behind in batches. Null fields leave the stored column as it is.
 */
public record Transition(long id, InstanceStatus status, Integer attempt, String worker, String result,
                         Long dispatchedAt, Long startedAt, Long finishedAt) implements InstanceWrite {

  @Override
  public long instanceId() {
    return id;
  }

  public static Transition dispatched(long id, String worker, long at) {
    return new Transition(id, InstanceStatus.DISPATCHED, null, worker, null, at, null, null);
  }

  public static Transition running(long id, String worker, long at) {
    return new Transition(id, InstanceStatus.RUNNING, null, worker, null, null, at, null);
  }

  public static Transition finished(long id, InstanceStatus status, String worker, String result, long at) {
    return finished(id, status, worker, result, null, at);
  }

  /**
   * An end that also gives the attempt's start ({@code startedAt}, null: unknown, or written already), for an
   * attempt whose RUNNING report never came because it ended first.
   */
  public static Transition finished(long id, InstanceStatus status, String worker, String result, Long startedAt,
                                    long at) {
    return new Transition(id, status, null, worker, result, null, startedAt, at);
  }

  /** Back to waiting for a worker, as attempt {@code attempt}. */
  public static Transition waiting(long id, int attempt, String result) {
    return new Transition(id, InstanceStatus.WAITING_DISPATCH, attempt, null, result, null, null, null);
  }
}
