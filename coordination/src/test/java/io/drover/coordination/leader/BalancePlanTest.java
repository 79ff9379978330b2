package io.drover.coordination.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.coordination.leader.BalancePlan.Move;
import io.drover.coordination.leader.BalancePlan.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BalancePlanTest {

  /** Builds snapshots: apps a01..aNN, each with a latch queue. */
  private static final class Snapshot {
    final Map<String, List<String>> queues = new HashMap<>();
    final Set<String> live = new TreeSet<>();
    final Set<String> drained = new TreeSet<>();
    final Map<String, String> pins = new HashMap<>();

    /** {@code count} apps led by {@code leader}, every other server of {@code all} queued behind in order. */
    Snapshot led(String leader, int count, List<String> all) {
      for (int i = 0; i < count; i++) {
        List<String> queue = new ArrayList<>();
        queue.add(leader);
        all.stream().filter(s -> !s.equals(leader)).forEach(queue::add);
        queues.put(String.format("a%02d", queues.size() + 1), queue);
      }
      live.addAll(all);
      return this;
    }

    LeadershipSnapshot build() {
      return new LeadershipSnapshot(new TreeSet<>(queues.keySet()), queues, live, drained, pins);
    }
  }

  private static Map<String, Long> movesTo(BalancePlan plan) {
    return plan.moves().stream().collect(Collectors.groupingBy(Move::to, Collectors.counting()));
  }

  private static Map<String, Long> movesFrom(BalancePlan plan) {
    return plan.moves().stream().collect(Collectors.groupingBy(Move::from, Collectors.counting()));
  }

  @Test
  void shareIsTheCeilingOfAppsOverEligibleServers() {
    List<String> all = List.of("s1", "s2", "s3");
    BalancePlan plan = BalancePlan.of(new Snapshot().led("s1", 4, all).led("s2", 3, all).led("s3", 3, all).build());

    assertThat(plan.share()).isEqualTo(4);
    assertThat(plan.eligible()).containsExactly("s1", "s2", "s3");
    assertThat(plan.moves()).isEmpty();
  }

  @Test
  void aServerAtItsShareKeepsEverything() {
    List<String> all = List.of("s1", "s2");
    // 5 apps over 2 servers: share 3. 3 + 2 is balanced enough: nobody is above the share.
    BalancePlan plan = BalancePlan.of(new Snapshot().led("s1", 3, all).led("s2", 2, all).build());

    assertThat(plan.share()).isEqualTo(3);
    assertThat(plan.moves()).isEmpty();
  }

  @Test
  void aJoiningServerGetsExactlyTheExcessOfTheOthers() {
    List<String> all = List.of("s1", "s2", "s3", "s4");
    BalancePlan plan = BalancePlan.of(new Snapshot()
        .led("s1", 4, all).led("s2", 4, all).led("s3", 4, all).build());

    assertThat(plan.share()).isEqualTo(3);
    assertThat(plan.moves()).hasSize(3).allMatch(m -> m.to().equals("s4") && m.reason() == Reason.OVER_SHARE);
    assertThat(movesFrom(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("s1", 1L, "s2", 1L, "s3", 1L));
    assertThat(plan.movesFrom("s1")).hasSize(1);
  }

  @Test
  void excessIsSpreadOverTheServersUnderTheShare() {
    List<String> all = List.of("s1", "s2", "s3");
    // 10 apps, all led by s1: share 4, s1 gives 6: 3 to s2, 3 to s3.
    BalancePlan plan = BalancePlan.of(new Snapshot().led("s1", 10, all).build());

    assertThat(plan.share()).isEqualTo(4);
    assertThat(movesTo(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("s2", 3L, "s3", 3L));
  }

  @Test
  void whichAppsMoveIsStable() {
    List<String> all = List.of("s1", "s2");
    LeadershipSnapshot snapshot = new Snapshot().led("s1", 7, all).build();

    Set<String> first = BalancePlan.of(snapshot).moves().stream().map(Move::app).collect(Collectors.toSet());
    Set<String> again = BalancePlan.of(snapshot).moves().stream().map(Move::app).collect(Collectors.toSet());

    assertThat(first).hasSize(3).isEqualTo(again);
    assertThat(BalancePlan.rank("s1", "a01")).isEqualTo(BalancePlan.rank("s1", "a01"));
  }

  @Test
  void aPinMovesTheAppToItsServerAndCountsOutsideTheShare() {
    List<String> all = List.of("s1", "s2");
    Snapshot s = new Snapshot().led("s1", 2, all).led("s2", 2, all);
    s.pins.put("a01", "s2");

    BalancePlan plan = BalancePlan.of(s.build());

    assertThat(plan.pins()).containsExactly(Map.entry("a01", "s2"));
    assertThat(plan.share()).isEqualTo(2); // 3 unpinned apps over 2 servers
    assertThat(plan.count("s1")).isEqualTo(1);
    assertThat(plan.moves()).containsExactly(new Move("a01", "s1", "s2", Reason.PINNED));
  }

  @Test
  void aPinToAServerThatIsNotLiveDrainedOrQueuedIsIgnored() {
    List<String> all = List.of("s1", "s2");
    Snapshot s = new Snapshot().led("s1", 2, all).led("s2", 2, all);
    s.pins.put("a01", "ghost");
    s.pins.put("a02", "s2");
    s.drained.add("s2");
    s.live.add("s3"); // live, but in no latch
    s.pins.put("a03", "s3");

    BalancePlan plan = BalancePlan.of(s.build());

    assertThat(plan.pins()).isEmpty();
    assertThat(plan.eligible()).containsExactly("s1");
  }

  @Test
  void aDrainedServerIsNotEligibleAndItsAppsGoNowhereByPlan() {
    List<String> all = List.of("s1", "s2", "s3");
    Snapshot s = new Snapshot().led("s1", 4, all).led("s2", 4, all).led("s3", 4, all);
    s.drained.add("s3");

    BalancePlan plan = BalancePlan.of(s.build());

    assertThat(plan.eligible()).containsExactly("s1", "s2");
    assertThat(plan.share()).isEqualTo(6);
    assertThat(plan.moves()).isEmpty(); // s3 leaves its latches itself; nobody is above the share
  }

  @Test
  void noServerEligibleMeansNoBalanceMoves() {
    Snapshot s = new Snapshot().led("s1", 5, List.of("s1"));
    s.live.clear();

    BalancePlan plan = BalancePlan.of(s.build());

    assertThat(plan.share()).isZero();
    assertThat(plan.moves()).isEmpty();
  }

  @Test
  void totalMovedNeverExceedsWhatTheServersUnderTheShareCanTake() {
    List<String> all = IntStream.rangeClosed(1, 5).mapToObj(i -> "s" + i).toList();
    BalancePlan plan = BalancePlan.of(new Snapshot()
        .led("s1", 9, all).led("s2", 5, all).led("s3", 2, all).led("s4", 1, all).build());

    assertThat(plan.share()).isEqualTo(4); // 17 apps over 5 servers
    assertThat(movesFrom(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("s1", 5L, "s2", 1L));
    assertThat(movesTo(plan)).containsExactlyInAnyOrderEntriesOf(Map.of("s3", 1L, "s4", 2L, "s5", 3L));
  }

  @Test
  void placeInTheQueueIsTheLastOneAServerHas() {
    LeadershipSnapshot snapshot = new LeadershipSnapshot(new TreeSet<>(Set.of("a")),
        Map.of("a", List.of("s1", "s2", "s3", "s2")), Set.of("s1", "s2", "s3"), Set.of(), Map.of());

    assertThat(snapshot.isAhead("a", "s3", "s2")).isTrue(); // s2's first znode is an old one, going away
    assertThat(snapshot.isAhead("a", "s2", "s3")).isFalse();
    assertThat(snapshot.leader("a")).contains("s1");
    assertThat(snapshot.successor("a")).contains("s2");
    assertThat(snapshot.isAhead("a", "s9", "s2")).isFalse();
  }
}
