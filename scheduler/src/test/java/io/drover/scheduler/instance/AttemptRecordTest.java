package io.drover.scheduler.instance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptRecordTest {
  private static Instance instance(InstanceStatus status, int attempt, Long dispatchedAt, Long finishedAt) {
    return new Instance(7, 1, 1, "app", "S:1", 1, TriggerType.SCHEDULE, null, status, attempt, "w-1", 1, "done", 1,
        dispatchedAt, dispatchedAt == null ? null : dispatchedAt + 1, finishedAt);
  }

  @Test
  void onlyAFirstAttemptThatEndsTheInstanceGoesWithoutARow() {
    assertThat(AttemptRecord.needsRow(1, true, 5L, InstanceStatus.SUCCEEDED)).isFalse();
    assertThat(AttemptRecord.needsRow(1, false, 5L, InstanceStatus.FAILED)).as("retried").isTrue();
    assertThat(AttemptRecord.needsRow(2, true, 5L, InstanceStatus.SUCCEEDED)).as("after retries").isTrue();
    assertThat(AttemptRecord.needsRow(2, true, null, InstanceStatus.CANCELED)).as("never dispatched").isFalse();
    assertThat(AttemptRecord.needsRow(2, true, null, InstanceStatus.TIMED_OUT)).isTrue();
  }

  @Test
  void theInstanceRowHoldsItsOnlyEndedAttempt() {
    assertThat(AttemptRecord.heldBy(instance(InstanceStatus.TIMED_OUT, 1, 5L, 9L))).contains(
        new AttemptRecord(7, 1, "w-1", InstanceStatus.TIMED_OUT, "done", 5L, 6L, 9));
    assertThat(AttemptRecord.heldBy(instance(InstanceStatus.FAILED, 1, null, 9L))).isPresent();
  }

  @Test
  void noAttemptIsHeldBeforeTheEndAfterRetriesOrWithoutADispatch() {
    assertThat(AttemptRecord.heldBy(instance(InstanceStatus.RUNNING, 1, 5L, null))).isEmpty();
    assertThat(AttemptRecord.heldBy(instance(InstanceStatus.SUCCEEDED, 2, 5L, 9L))).isEmpty();
    assertThat(AttemptRecord.heldBy(instance(InstanceStatus.CANCELED, 1, null, 9L))).isEmpty();
    assertThat(AttemptRecord.heldBy(instance(InstanceStatus.SKIPPED, 1, null, 9L))).isEmpty();
  }
}
