package io.drover.coordination.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.coordination.ZkPaths;
import io.drover.coordination.ZkTesting;
import io.drover.coordination.membership.ClusterMembership;
import io.drover.coordination.membership.ServerInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several servers in one JVM, each with its own client, membership and leadership, on a real ZooKeeper. */
class BalancedLeadershipTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Pins and drains are honoured within about 2 s; a loaded build machine gets some slack. */
  private static final Duration PROMPT = Duration.ofSeconds(5);
  /** No leadership event for this long: settled (well over the 100 ms debounce of a balance pass). */
  private static final Duration QUIET = Duration.ofMillis(1000);
  private static final List<String> TWELVE_APPS =
      IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("app-%02d", i)).toList();
  private static TestingServer zk;

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  /** Every leadership callback of every server, in the order they came. */
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private ZkPaths paths;

  private record Event(String server, String app, boolean gained) {
  }

  private record Node(String id, CuratorFramework client, ClusterMembership membership, AppLeadership leadership) {
    void stop() {
      leadership.close();
      membership.close();
    }
  }

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = ZkTesting.startServer();
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    zk.close();
  }

  @BeforeEach
  void freshRoot() {
    paths = ZkTesting.freshPaths();
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!toClose.isEmpty()) {
      toClose.pop().close();
    }
  }

  /** Starts a server as DroverServer does: membership first, then leadership. */
  private Node start(String id) throws Exception {
    CuratorFramework client = ZkTesting.connect(zk);
    toClose.push(client);
    ClusterMembership membership = new ClusterMembership(client, paths,
        new ServerInfo(id, "host-" + id, 7700, 7701, "test", System.currentTimeMillis()));
    toClose.push(membership);
    membership.start();
    AppLeadership leadership = new AppLeadership(client, paths, id, new LeadershipListener() {
      @Override
      public void leadershipGained(String app) {
        events.add(new Event(id, app, true));
      }

      @Override
      public void leadershipLost(String app) {
        events.add(new Event(id, app, false));
      }
    });
    toClose.push(leadership);
    leadership.start();
    Node node = new Node(id, client, membership, leadership);
    nodes.add(node);
    return node;
  }

  private List<Node> start(int count) throws Exception {
    List<Node> started = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      started.add(start("s" + i));
    }
    return started;
  }

  private void register(List<String> apps) throws Exception {
    for (String app : apps) {
      nodes.get(0).leadership().registerApp(app);
    }
  }

  private Node node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  /** Server id to the number of apps it leads, by each server's own view, for the given servers. */
  private static Map<String, Integer> counts(List<Node> servers) {
    Map<String, Integer> counts = new TreeMap<>();
    servers.forEach(n -> counts.put(n.id(), n.leadership().ledApps().size()));
    return counts;
  }

  /** App to leader by the servers' own views; fails when two servers claim one app. */
  private static Map<String, String> claimed(List<Node> servers) {
    Map<String, String> claimed = new TreeMap<>();
    for (Node n : servers) {
      for (String app : n.leadership().ledApps()) {
        String other = claimed.put(app, n.id());
        assertThat(other).as("app %s claimed by %s and %s", app, other, n.id()).isNull();
      }
    }
    return claimed;
  }

  /** Waits until the given servers lead exactly the given numbers and every app has exactly one leader. */
  private void awaitCounts(List<Node> servers, Map<String, Integer> expected, List<String> apps) {
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(counts(servers)).isEqualTo(expected);
      assertThat(claimed(servers).keySet()).containsExactlyInAnyOrderElementsOf(apps);
    });
  }

  private static Map<String, Integer> each(List<Node> servers, int count) {
    return servers.stream().collect(Collectors.toMap(Node::id, n -> count, (a, b) -> a, TreeMap::new));
  }

  private List<Node> twelveAppsOverThreeServers() throws Exception {
    List<Node> three = start(3);
    register(TWELVE_APPS);
    awaitCounts(three, each(three, 4), TWELVE_APPS);
    return three;
  }

  /** Waits until no leadership event came for {@code quiet}. */
  private void awaitQuiet(Duration quiet) {
    int[] seen = {-1};
    await().atMost(WAIT).pollInterval(quiet).until(() -> {
      int now = events.size();
      boolean still = now == seen[0];
      seen[0] = now;
      return still;
    });
  }

  private List<Event> since(int mark) {
    return events.subList(mark, events.size());
  }

  @Test
  void twelveAppsOverThreeServersLeadFourEach() throws Exception {
    List<Node> three = twelveAppsOverThreeServers();

    for (Node n : three) {
      assertThat(n.leadership().knownApps()).containsExactlyElementsOf(TWELVE_APPS);
    }
  }

  @Test
  void aFourthServerTakesThreeAndNoAppMovesTwice() throws Exception {
    List<Node> three = twelveAppsOverThreeServers();
    awaitQuiet(QUIET);
    Map<String, String> before = claimed(three);
    int mark = events.size();

    Node fourth = start("s4");

    List<Node> four = List.copyOf(nodes);
    awaitCounts(four, each(four, 3), TWELVE_APPS);
    awaitQuiet(QUIET);
    List<Event> gains = since(mark).stream().filter(Event::gained).toList();
    Map<String, Long> gainsPerApp = gains.stream().collect(Collectors.groupingBy(Event::app, Collectors.counting()));
    assertThat(gainsPerApp).as("gains during the join: %s", gains).allSatisfy((app, n) -> assertThat(n).isEqualTo(1));
    assertThat(gains).as("only the new server gains").allMatch(e -> e.server().equals(fourth.id())).hasSize(3);
    Map<String, String> after = claimed(four);
    assertThat(after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))).hasSize(3);
    // One app from each of the three, none from a server that would drop below its share.
    assertThat(fourth.leadership().ledApps().stream().map(before::get)).containsExactlyInAnyOrder("s1", "s2", "s3");
  }

  @Test
  void aServerLeavingGivesFourEachAgain() throws Exception {
    List<Node> four = start(4);
    register(TWELVE_APPS);
    awaitCounts(four, each(four, 3), TWELVE_APPS);

    // Its membership stays: a live server that takes part in no latch is not counted in the share.
    node("s4").leadership().close();

    List<Node> rest = four.subList(0, 3);
    awaitCounts(rest, each(rest, 4), TWELVE_APPS);
    assertThat(node("s4").leadership().ledApps()).isEmpty();
    assertThat(nodes.get(0).leadership().leaders()).hasSize(12).doesNotContainValue("s4");
  }

  @Test
  void settledLeadershipDoesNotFlap() throws Exception {
    twelveAppsOverThreeServers();
    awaitQuiet(QUIET);
    int mark = events.size();

    // Longer than a periodic check (3 s) and a give-back interval (1 s): nothing at all happens.
    await().during(Duration.ofMillis(3500)).atMost(WAIT).until(() -> events.size() == mark);
  }

  @Test
  void pinnedAppMovesToThePinnedServerAndStays() throws Exception {
    List<Node> three = twelveAppsOverThreeServers();
    String app = node("s1").leadership().ledApps().iterator().next();

    long start = System.nanoTime();
    node("s1").leadership().pin(app, "s2");

    await().atMost(PROMPT).until(() -> node("s2").leadership().isLeader(app));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMs).as("pin honoured in %d ms", tookMs).isLessThan(PROMPT.toMillis());
    // 11 unpinned apps over 3 servers: share 4, so nobody needs to move anything else; s2 leads 4 + the pinned one.
    awaitCounts(three, Map.of("s1", 3, "s2", 5, "s3", 4), TWELVE_APPS);
    awaitQuiet(QUIET);
    await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> node("s2").leadership().isLeader(app));
    assertThat(node("s3").leadership().pinOf(app)).contains("s2");
    List<Event> forApp = events.stream().filter(e -> e.app().equals(app)).toList();
    assertThat(forApp.subList(forApp.size() - 2, forApp.size()))
        .containsExactly(new Event("s1", app, false), new Event("s2", app, true));
  }

  @Test
  void unpinLetsBalanceResume() throws Exception {
    List<Node> three = start(3);
    List<String> six = TWELVE_APPS.subList(0, 6);
    register(six);
    awaitCounts(three, each(three, 2), six);
    String app = node("s1").leadership().ledApps().iterator().next();
    node("s1").leadership().pin(app, "s2");
    // 5 unpinned apps over 3 servers: share 2; s1 is left with one.
    awaitCounts(three, Map.of("s1", 1, "s2", 3, "s3", 2), six);

    node("s3").leadership().unpin(app);

    awaitCounts(three, each(three, 2), six);
    assertThat(node("s1").leadership().pinOf(app)).isEmpty();
  }

  @Test
  void pinToADeadServerIsIgnored() throws Exception {
    List<Node> three = twelveAppsOverThreeServers();
    awaitQuiet(QUIET);
    String app = node("s3").leadership().ledApps().iterator().next();
    int mark = events.size();

    node("s1").leadership().pin(app, "ghost");

    assertThat(node("s2").leadership().pinOf(app)).contains("ghost");
    await().during(Duration.ofMillis(2500)).atMost(WAIT).until(() -> events.size() == mark);
    assertThat(node("s3").leadership().isLeader(app)).isTrue();
    assertThat(counts(three)).isEqualTo(each(three, 4));

    // A server that was not live when pinned: once it is, it gets the app.
    Node ghost = start("ghost");
    await().atMost(PROMPT.plusSeconds(5)).until(() -> ghost.leadership().isLeader(app));
  }

  @Test
  void drainedServerLeadsNothingAndUndrainTakesItsShareBack() throws Exception {
    List<Node> three = twelveAppsOverThreeServers();
    Node s1 = node("s1");

    s1.leadership().drain("s1");

    await().atMost(PROMPT).until(() -> s1.leadership().ledApps().isEmpty());
    assertThat(s1.leadership().isDrained("s1")).isTrue();
    awaitCounts(three, Map.of("s1", 0, "s2", 6, "s3", 6), TWELVE_APPS);
    assertThat(s1.leadership().knownApps()).containsExactlyElementsOf(TWELVE_APPS);
    assertThat(participants(s1.client())).doesNotContain("s1");
    awaitQuiet(QUIET);
    Map<String, Event> lastOfS1 = events.stream().filter(e -> e.server().equals("s1"))
        .collect(Collectors.toMap(Event::app, e -> e, (a, b) -> b));
    assertThat(lastOfS1.values()).isNotEmpty().noneMatch(Event::gained);

    s1.leadership().undrain("s1");

    awaitCounts(three, each(three, 4), TWELVE_APPS);
    assertThat(s1.leadership().isDrained("s1")).isFalse();
  }

  @Test
  void leadersMapMatchesEachServersView() throws Exception {
    List<Node> three = start(3);
    List<String> seven = TWELVE_APPS.subList(0, 7);
    register(seven);
    // 7 apps over 3 servers: share 3; nobody above it (3 + 2 + 2 or 3 + 3 + 1).
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(claimed(three)).hasSize(7);
      assertThat(counts(three).values()).allMatch(count -> count <= 3);
    });
    CuratorFramework opsClient = ZkTesting.connect(zk);
    toClose.push(opsClient);
    LeadershipControl ops = new LeadershipControl(opsClient, paths);

    await().atMost(WAIT).untilAsserted(() -> {
      Map<String, String> claimed = claimed(three);
      assertThat(ops.leaders()).isEqualTo(claimed);
      for (Node n : three) {
        assertThat(n.leadership().leaders()).isEqualTo(claimed);
        for (String app : seven) {
          assertThat(n.leadership().leaderOf(app)).contains(claimed.get(app));
        }
      }
    });
  }

  @Test
  void pinsAndDrainsAreCheckedAndIdempotent() throws Exception {
    Node s1 = start("s1");
    register(List.of("orders"));

    assertThatThrownBy(() -> s1.leadership().pin("unknown", "s1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
    assertThatThrownBy(() -> s1.leadership().pin("orders", "bad id")).isInstanceOf(IllegalArgumentException.class);
    assertThat(s1.leadership().pinOf("orders")).isEmpty();
    s1.leadership().pin("orders", "s1");
    s1.leadership().pin("orders", "s2");
    assertThat(s1.leadership().pinOf("orders")).contains("s2");
    s1.leadership().unpin("orders");
    s1.leadership().unpin("orders");
    assertThat(s1.leadership().pinOf("orders")).isEmpty();

    assertThat(s1.leadership().isDrained("s9")).isFalse();
    s1.leadership().drain("s9");
    s1.leadership().drain("s9");
    assertThat(s1.leadership().isDrained("s9")).isTrue();
    assertThat(new LeadershipControl(s1.client(), paths).drainedServers()).containsExactly("s9");
    s1.leadership().undrain("s9");
    s1.leadership().undrain("s9");
    assertThat(s1.leadership().isDrained("s9")).isFalse();
    await().atMost(WAIT).until(() -> s1.leadership().isLeader("orders"));
  }

  @Test
  void closeEndsTheBalanceThread() throws Exception {
    Node solo = start("lonely");
    register(List.of("orders"));
    await().atMost(WAIT).until(() -> solo.leadership().isLeader("orders"));
    assertThat(ZkTesting.threadAlive("drover-balance-lonely")).isTrue();

    solo.stop();

    assertThat(solo.leadership().isTerminated()).isTrue();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !ZkTesting.threadAlive("drover-balance-lonely")); // a terminated executor's thread takes a moment to exit
    assertThat(events).containsExactly(new Event("lonely", "orders", true), new Event("lonely", "orders", false));
  }

  /** The server ids in every app latch, read from ZooKeeper. */
  private Set<String> participants(CuratorFramework client) throws Exception {
    Set<String> ids = new TreeSet<>();
    for (String app : client.getChildren().forPath(paths.apps())) {
      String latch = paths.latch(app);
      if (client.checkExists().forPath(latch) != null) {
        for (String node : client.getChildren().forPath(latch)) {
          ids.add(LatchNodes.participantId(client.getData().forPath(latch + "/" + node)));
        }
      }
    }
    return ids;
  }
}
