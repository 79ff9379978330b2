package io.drover.scheduler.instance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceStatusTest {
  @Test
  void terminalStatesNeverMove() {
    for (InstanceStatus from : InstanceStatus.values()) {
      if (from.terminal()) {
        for (InstanceStatus to : InstanceStatus.values()) {
          assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isFalse();
        }
      }
    }
  }

  @Test
  void theHappyPathIsLegal() {
    assertThat(InstanceStatus.WAITING_DISPATCH.canMoveTo(InstanceStatus.DISPATCHED)).isTrue();
    assertThat(InstanceStatus.DISPATCHED.canMoveTo(InstanceStatus.RUNNING)).isTrue();
    assertThat(InstanceStatus.RUNNING.canMoveTo(InstanceStatus.SUCCEEDED)).isTrue();
    assertThat(InstanceStatus.RUNNING.canMoveTo(InstanceStatus.FAILED)).isTrue();
  }

  @Test
  void runningDoesNotGoBackToDispatched() {
    assertThat(InstanceStatus.RUNNING.canMoveTo(InstanceStatus.DISPATCHED)).isFalse();
    assertThat(InstanceStatus.RUNNING.canMoveTo(InstanceStatus.RUNNING)).isFalse();
    assertThat(InstanceStatus.WAITING_DISPATCH.canMoveTo(InstanceStatus.TIMED_OUT)).isFalse();
  }
}
