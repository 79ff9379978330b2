package io.drover.scheduler.instance;

import java.util.EnumSet;
import java.util.Set;

/** The states of an instance and the one place that says which moves are legal. */
public enum InstanceStatus {
  WAITING_DISPATCH,
  DISPATCHED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  CANCELED,
  SKIPPED;

  public boolean terminal() {
    return switch (this) {
      case SUCCEEDED, FAILED, TIMED_OUT, CANCELED, SKIPPED -> true;
      default -> false;
    };
  }

  /** Whether an instance in this state may move to {@code next}. Terminal states never move. */
  public boolean canMoveTo(InstanceStatus next) {
    return allowedNext().contains(next);
  }

  private Set<InstanceStatus> allowedNext() {
    return switch (this) {
      case WAITING_DISPATCH -> EnumSet.of(DISPATCHED, RUNNING, FAILED, CANCELED, SKIPPED, SUCCEEDED);
      // a fast worker's RUNNING or outcome may be the first word we hear after the dispatch
      case DISPATCHED -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELED, WAITING_DISPATCH);
      case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELED, WAITING_DISPATCH);
      case SUCCEEDED, FAILED, TIMED_OUT, CANCELED, SKIPPED -> EnumSet.noneOf(InstanceStatus.class);
    };
  }
}
