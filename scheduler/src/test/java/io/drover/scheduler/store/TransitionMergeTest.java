package io.drover.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.InstanceWrite;
import io.drover.scheduler.instance.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionMergeTest {

  @Test
  void eachInstancesChangesBecomeOneUpdateWithTheLastValues() {
    List<InstanceWrite> writes = List.of(
        Transition.dispatched(1, "w1", 100),
        Transition.dispatched(2, "w2", 101),
        Transition.running(1, "w1", 110),
        new AttemptRecord(1, 1, "w1", InstanceStatus.FAILED, "boom", 100L, 110L, 120L),
        Transition.waiting(1, 2, "attempt 1 FAILED: boom; attempt 2 in 0 ms"),
        Transition.dispatched(1, "w3", 130),
        Transition.finished(1, InstanceStatus.SUCCEEDED, "w3", "ok", 150));

    List<Transition> merged = List.copyOf(InstanceStore.mergedByInstance(writes));

    assertThat(merged).hasSize(2);
    assertThat(merged.get(0)).isEqualTo(new Transition(1, InstanceStatus.SUCCEEDED, 2, "w3", "ok", 130L, 110L,
        150L));
    assertThat(merged.get(1)).isEqualTo(Transition.dispatched(2, "w2", 101));
  }
}
