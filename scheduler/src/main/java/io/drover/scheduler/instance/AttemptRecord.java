package io.drover.scheduler.instance;

import java.util.Optional;

/**
 * One ended attempt of an instance. An attempt is recorded when it was dispatched or failed. An instance's
 * {@code instance_attempt} rows hold every recorded attempt except a first one that also ended the instance: the
 * instance row has the same values (its worker, status, result and times are that attempt's), so it holds that
 * attempt ({@link #heldBy}), one insert less per run. One difference: an attempt that ended with no result shows
 * the result the instance had before (such as "retry of instance n"), as the instance does.
 */
public record AttemptRecord(long instanceId, int attempt, String worker, InstanceStatus status, String result,
                            Long dispatchedAt, Long startedAt, long finishedAt) implements InstanceWrite {

  /** Whether an attempt that ended with {@code status} after this dispatch is one to record at all. */
  public static boolean recorded(Long dispatchedAt, InstanceStatus status) {
    return dispatchedAt != null || status == InstanceStatus.FAILED || status == InstanceStatus.TIMED_OUT;
  }

  /** Whether the attempt gets a row of its own: a recorded one, unless it is the first and ends the instance. */
  public static boolean needsRow(int attempt, boolean endsInstance, Long dispatchedAt, InstanceStatus status) {
    return recorded(dispatchedAt, status) && (attempt > 1 || !endsInstance);
  }

  /** The first attempt of an instance that ended at it, held by the instance row; empty for any other instance. */
  public static Optional<AttemptRecord> heldBy(Instance i) {
    if (!i.status().terminal() || i.attempt() != 1 || i.finishedAt() == null
        || !recorded(i.dispatchedAt(), i.status())) {
      return Optional.empty();
    }
    return Optional.of(new AttemptRecord(i.id(), 1, i.worker(), i.status(), i.result(), i.dispatchedAt(),
        i.startedAt(), i.finishedAt()));
  }
}
