package io.drover.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.Hello;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPickerTest {
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private final WorkerPicker picker = new WorkerPicker();

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  private WorkerSession worker(String id, int capacity, Map<String, String> labels) {
    EmbeddedChannel ch = new EmbeddedChannel();
    channels.add(ch);
    return new WorkerSession(new Hello("app", id, "127.0.0.1", labels, capacity, List.of(), null), ch, 0);
  }

  private WorkerSession worker(String id, int capacity) {
    return worker(id, capacity, Map.of());
  }

  @Test
  void leastLoadedTakesTheMostFreeSlotsThenTheLowestLoad() {
    WorkerSession a = worker("a", 4);
    WorkerSession b = worker("b", 4);
    WorkerSession c = worker("c", 2);
    a.tryReserve();
    b.heartbeat(4, 0, 0.9, 1);
    WorkerSession first = picker.pickAndReserve(DispatchStrategy.LEAST_LOADED, WorkerSelector.ANY, 1,
        List.of(a, b, c));
    assertThat(first).as("b: 4 free vs a: 3, c: 2").isSameAs(b);
    // now a and b have 3 free each; b reports the higher load, so a goes next
    assertThat(picker.pick(DispatchStrategy.LEAST_LOADED, WorkerSelector.ANY, 1, List.of(a, b, c))).isSameAs(a);
  }

  @Test
  void aWorkerWithoutAFreeSlotIsNeverPicked() {
    WorkerSession a = worker("a", 1);
    WorkerSession b = worker("b", 5);
    b.heartbeat(0, 5, 0.1, 1); // b says it has no free slot (busy with work of a former leader)
    List<WorkerSession> both = List.of(a, b);
    for (DispatchStrategy s : DispatchStrategy.values()) {
      assertThat(picker.pick(s, WorkerSelector.ANY, 7, List.of(b))).as(s.name()).isNull();
    }
    assertThat(picker.pickAndReserve(DispatchStrategy.LEAST_LOADED, WorkerSelector.ANY, 1, both)).isSameAs(a);
    assertThat(picker.pickAndReserve(DispatchStrategy.LEAST_LOADED, WorkerSelector.ANY, 1, both))
        .as("a is full now, b refuses").isNull();
    b.heartbeat(5, 0, 0.1, 2);
    assertThat(picker.pickAndReserve(DispatchStrategy.LEAST_LOADED, WorkerSelector.ANY, 1, both)).isSameAs(b);
  }

  @Test
  void aRefusedAttemptKeepsTheWorkerOutUntilASlotFrees() {
    WorkerSession a = worker("a", 3);
    a.refused();
    assertThat(picker.pick(DispatchStrategy.RANDOM, WorkerSelector.ANY, 1, List.of(a))).isNull();
    a.heartbeat(3, 0, 0, 5);
    assertThat(picker.pick(DispatchStrategy.RANDOM, WorkerSelector.ANY, 1, List.of(a))).isSameAs(a);
  }

  @Test
  void leavingOrClosedWorkersAreNeverPicked() {
    WorkerSession a = worker("a", 3);
    WorkerSession b = worker("b", 3);
    a.leaving();
    b.channel().close();
    for (DispatchStrategy s : DispatchStrategy.values()) {
      assertThat(picker.pick(s, WorkerSelector.ANY, 1, List.of(a, b))).as(s.name()).isNull();
    }
  }

  @Test
  void roundRobinTakesEachEligibleWorkerInTurnSkippingFullOnes() {
    WorkerSession a = worker("a", 10);
    WorkerSession b = worker("b", 10);
    WorkerSession c = worker("c", 10);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      order.add(picker.pickAndReserve(DispatchStrategy.ROUND_ROBIN, WorkerSelector.ANY, 1, List.of(c, a, b))
          .workerId());
    }
    assertThat(order).containsExactly("a", "b", "c", "a", "b", "c");
    b.heartbeat(0, 10, 0, 1);
    Set<String> next = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      next.add(picker.pick(DispatchStrategy.ROUND_ROBIN, WorkerSelector.ANY, 1, List.of(a, b, c)).workerId());
    }
    assertThat(next).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void randomSpreadsOverAllFreeWorkers() {
    List<WorkerSession> ws = List.of(worker("a", 1000), worker("b", 1000), worker("c", 1000));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      counts.merge(picker.pick(DispatchStrategy.RANDOM, WorkerSelector.ANY, 1, ws).workerId(), 1, Integer::sum);
    }
    assertThat(counts).containsOnlyKeys("a", "b", "c");
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
  }

  @Test
  void consistentHashKeepsAJobOnOneWorkerWhileItLivesAndMovesOnlyItsJobs() {
    WorkerSession a = worker("a", 100);
    WorkerSession b = worker("b", 100);
    WorkerSession c = worker("c", 100);
    List<WorkerSession> all = List.of(a, b, c);
    Map<Long, WorkerSession> owners = new HashMap<>();
    for (long job = 1; job <= 300; job++) {
      WorkerSession first = picker.pick(DispatchStrategy.CONSISTENT_HASH, WorkerSelector.ANY, job, all);
      for (int i = 0; i < 3; i++) {
        assertThat(picker.pick(DispatchStrategy.CONSISTENT_HASH, WorkerSelector.ANY, job, all)).isSameAs(first);
      }
      owners.put(job, first);
    }
    Map<String, Long> spread = new HashMap<>();
    owners.values().forEach(w -> spread.merge(w.workerId(), 1L, Long::sum));
    assertThat(spread.values()).as("300 jobs over 3 workers").allSatisfy(n -> assertThat(n).isBetween(60L, 140L));

    b.channel().close(); // b goes: only b's jobs move
    for (long job = 1; job <= 300; job++) {
      WorkerSession now = picker.pick(DispatchStrategy.CONSISTENT_HASH, WorkerSelector.ANY, job, all);
      if (owners.get(job) != b) {
        assertThat(now).as("job %d", job).isSameAs(owners.get(job));
      } else {
        assertThat(now).isIn(a, c);
      }
    }
  }

  @Test
  void consistentHashWaitsForItsWorkerWhenThatOneIsFull() {
    WorkerSession a = worker("a", 1);
    WorkerSession b = worker("b", 1);
    long job = 1;
    WorkerSession owner = WorkerPicker.owner(WorkerSelector.ANY, job, List.of(a, b));
    assertThat(picker.pickAndReserve(DispatchStrategy.CONSISTENT_HASH, WorkerSelector.ANY, job, List.of(a, b)))
        .isSameAs(owner);
    assertThat(picker.pick(DispatchStrategy.CONSISTENT_HASH, WorkerSelector.ANY, job, List.of(a, b))).isNull();
  }

  @Test
  void selectorsLimitEveryStrategyToMatchingWorkers() {
    WorkerSession za = worker("w1", 10, Map.of("zone", "a", "gpu", "true"));
    WorkerSession zb = worker("w2", 10, Map.of("zone", "b"));
    WorkerSession zc = worker("w3", 10, Map.of("zone", "c", "gpu", "true"));
    List<WorkerSession> all = List.of(za, zb, zc);
    for (DispatchStrategy s : DispatchStrategy.values()) {
      for (int i = 0; i < 10; i++) {
        assertThat(picker.pick(s, WorkerSelector.of("zone=a"), i, all)).as(s.name()).isSameAs(za);
        assertThat(picker.pick(s, WorkerSelector.of("gpu=true,zone!=a"), i, all)).isSameAs(zc);
        assertThat(picker.pick(s, WorkerSelector.of("id=w2"), i, all)).as("designated").isSameAs(zb);
        assertThat(picker.pick(s, WorkerSelector.of("zone=a|b"), i, all)).isIn(za, zb);
        assertThat(picker.pick(s, WorkerSelector.of("zone=d"), i, all)).isNull();
      }
    }
    assertThat(WorkerPicker.anyEligible(WorkerSelector.of("zone=d"), all)).isFalse();
    assertThat(WorkerPicker.anyEligible(WorkerSelector.of("zone=c"), all)).isTrue();
  }

  @Test
  void aDrainingOwnerHandsItsJobsToAnotherWorkerWhileAFullOneKeepsThem() {
    WorkerSession a = worker("a", 2);
    WorkerSession b = worker("b", 2);
    List<WorkerSession> both = List.of(a, b);
    long job = 1;
    WorkerSession owner = WorkerPicker.owner(WorkerSelector.ANY, job, both);
    WorkerSession other = owner == a ? b : a;

    owner.heartbeat(0, 2, 0.5, 1); // full: the job waits for its worker
    assertThat(picker.pick(DispatchStrategy.CONSISTENT_HASH, WorkerSelector.ANY, job, both)).isNull();

    owner.heartbeat(0, 1, 0.5, 2); // no free slot while running less than its capacity: shutting down
    assertThat(owner.takingWork()).isFalse();
    assertThat(picker.pick(DispatchStrategy.CONSISTENT_HASH, WorkerSelector.ANY, job, both)).isSameAs(other);
  }
}
