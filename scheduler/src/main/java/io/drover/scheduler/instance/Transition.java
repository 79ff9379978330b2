package io.drover.scheduler.instance;

/**
 * One state change of an instance, written behind in batches. Null fields leave the stored column as it is.
 */
public record Transition(long id, InstanceStatus status, String worker, String result,
                         Long dispatchedAt, Long startedAt, Long finishedAt) {

  public static Transition dispatched(long id, String worker, long at) {
    return new Transition(id, InstanceStatus.DISPATCHED, worker, null, at, null, null);
  }

  public static Transition running(long id, String worker, long at) {
    return new Transition(id, InstanceStatus.RUNNING, worker, null, null, at, null);
  }

  public static Transition finished(long id, InstanceStatus status, String worker, String result, long at) {
    return new Transition(id, status, worker, result, null, null, at);
  }
}
