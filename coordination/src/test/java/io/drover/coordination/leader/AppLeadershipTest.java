package io.drover.coordination.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.coordination.ZkPaths;
import io.drover.coordination.ZkTesting;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppLeadershipTest {

  private static final String APP = "orders";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestingServer server;

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private ZkPaths paths;

  /** One server's view: its client, its leadership, what its listener heard. */
  private record Node(String id, CuratorFramework client, AppLeadership leadership, RecordingListener listener) {
  }

  @BeforeAll
  static void startZooKeeper() throws Exception {
    server = ZkTesting.startServer();
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    server.close();
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

  private CuratorFramework client(TestingServer zk) {
    CuratorFramework client = ZkTesting.connect(zk);
    toClose.push(client);
    return client;
  }

  private Node node(String id, TestingServer zk, LeadershipListener extra) throws Exception {
    CuratorFramework client = client(zk);
    RecordingListener recorder = new RecordingListener();
    LeadershipListener listener = extra == null ? recorder : new LeadershipListener() {
      @Override
      public void leadershipGained(String app) {
        recorder.leadershipGained(app);
        extra.leadershipGained(app);
      }

      @Override
      public void leadershipLost(String app) {
        recorder.leadershipLost(app);
        extra.leadershipLost(app);
      }
    };
    AppLeadership leadership = new AppLeadership(client, paths, id, listener);
    toClose.push(leadership);
    leadership.start();
    return new Node(id, client, leadership, recorder);
  }

  private List<Node> nodes(int count) throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      nodes.add(node("s" + i, server, null));
    }
    return nodes;
  }

  private static List<Node> leaders(List<Node> nodes, String app) {
    return nodes.stream().filter(n -> n.leadership().isLeader(app)).toList();
  }

  /** Waits until exactly one node leads and every node names it as the leader; returns it. */
  private static Node awaitAgreedLeader(List<Node> nodes, String app) {
    await().atMost(WAIT).untilAsserted(() -> {
      List<Node> leaders = leaders(nodes, app);
      assertThat(leaders).hasSize(1);
      for (Node n : nodes) {
        assertThat(n.leadership().leaderOf(app)).contains(leaders.get(0).id());
      }
    });
    return leaders(nodes, app).get(0);
  }

  @Test
  void exactlyOneOfThreeServersLeadsAndAllAgree() throws Exception {
    new AppLeadership(client(server), paths, "admin", new RecordingListener()).registerApp(APP);
    List<Node> nodes = nodes(3);

    Node leader = awaitAgreedLeader(nodes, APP);

    assertThat(leader.leadership().ledApps()).containsExactly(APP);
    await().atMost(WAIT).until(() -> leader.listener().eventsFor(APP).equals(List.of("gained")));
    for (Node n : nodes) {
      assertThat(n.leadership().knownApps()).containsExactly(APP);
      if (n != leader) {
        assertThat(n.leadership().ledApps()).isEmpty();
        assertThat(n.listener().events).isEmpty();
      }
    }
    assertThat(leader.listener().threads).containsExactly("drover-leadership-" + leader.id());
  }

  @Test
  void closingTheLeaderHandsTheAppToAnother() throws Exception {
    List<Node> nodes = nodes(3);
    nodes.get(0).leadership().registerApp(APP);
    Node leader = awaitAgreedLeader(nodes, APP);

    leader.leadership().close();

    assertThat(leader.listener().eventsFor(APP)).containsExactly("gained", "lost");
    List<Node> rest = nodes.stream().filter(n -> n != leader).toList();
    Node next = awaitAgreedLeader(rest, APP);
    assertThat(next).isNotEqualTo(leader);
    await().atMost(WAIT).until(() -> next.listener().eventsFor(APP).equals(List.of("gained")));
    assertThat(leader.leadership().isLeader(APP)).isFalse();
    assertThat(leader.leadership().knownApps()).isEmpty();
  }

  @Test
  void anAppRegisteredAfterStartIsJoinedByAll() throws Exception {
    List<Node> nodes = nodes(3);
    assertThat(nodes.get(0).leadership().knownApps()).isEmpty();

    nodes.get(1).leadership().registerApp("late-app");
    nodes.get(2).leadership().registerApp("late-app"); // idempotent

    await().atMost(WAIT).untilAsserted(() -> {
      for (Node n : nodes) {
        assertThat(n.leadership().knownApps()).containsExactly("late-app");
      }
    });
    awaitAgreedLeader(nodes, "late-app");
  }

  @Test
  void expiredLeaderLosesTheAppAndAnotherLeadsWithoutOverlap() throws Exception {
    List<Node> nodes = nodes(3);
    nodes.get(0).leadership().registerApp(APP);
    Node leader = awaitAgreedLeader(nodes, APP);
    await().atMost(WAIT).until(() -> leader.listener().last(APP).equals("gained"));

    ZkTesting.expireSession(leader.client());

    await().atMost(WAIT).until(() -> leader.listener().last(APP).equals("lost"));
    Node next = awaitAgreedLeader(nodes, APP);
    assertThat(next).isNotEqualTo(leader);
    // Settled: for a while, exactly one server claims the app at every look.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
        .until(() -> leaders(nodes, APP).size() == 1 && leaders(nodes, APP).get(0) == next);
    for (Node n : nodes) {
      assertThat(n.listener().alternates(APP)).as("events of %s: %s", n.id(), n.listener().events).isTrue();
    }
    assertThat(leader.listener().eventsFor(APP)).containsExactly("gained", "lost");
    assertThat(leader.leadership().knownApps()).containsExactly(APP);
  }

  @Test
  void suspendedConnectionDropsLeadershipAndReconnectingRestoresIt() throws Exception {
    try (TestingServer own = ZkTesting.startServer()) {
      Node solo = node("solo", own, null);
      solo.leadership().registerApp(APP);
      await().atMost(WAIT).until(() -> solo.leadership().isLeader(APP));
      await().atMost(WAIT).until(() -> solo.listener().last(APP).equals("gained"));

      own.stop();

      await().atMost(WAIT).until(() -> solo.listener().last(APP).equals("lost"));
      assertThat(solo.leadership().isLeader(APP)).isFalse();

      own.restart();

      await().atMost(WAIT).until(() -> solo.listener().last(APP).equals("gained"));
      assertThat(solo.leadership().isLeader(APP)).isTrue();
      assertThat(solo.listener().eventsFor(APP)).containsExactly("gained", "lost", "gained");
      closeAll(); // before the server goes
    }
  }

  @Test
  void closeDeliversLeadershipLostAndLeavesNoThreads() throws Exception {
    Node solo = node("closer", server, null);
    solo.leadership().registerApp("a1");
    solo.leadership().registerApp("a2");
    await().atMost(WAIT).until(() -> solo.leadership().ledApps().equals(Set.of("a1", "a2")));
    await().atMost(WAIT).until(() -> solo.listener().events.size() == 2);
    assertThat(ZkTesting.threadAlive("drover-leadership-closer")).isTrue();

    solo.leadership().close();
    solo.leadership().close(); // idempotent

    assertThat(solo.listener().events)
        .containsExactlyInAnyOrder("gained:a1", "gained:a2", "lost:a1", "lost:a2");
    assertThat(solo.listener().last("a1")).isEqualTo("lost");
    assertThat(solo.listener().last("a2")).isEqualTo("lost");
    assertThat(solo.leadership().isTerminated()).isTrue();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !ZkTesting.threadAlive("drover-leadership-closer")); // a terminated executor's thread takes a moment to exit
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !ZkTesting.threadAlive("drover-balance-closer")); // a terminated executor's thread takes a moment to exit
    assertThat(solo.leadership().ledApps()).isEmpty();
    assertThat(solo.client().getChildren().forPath(paths.latch("a1"))).isEmpty();
  }

  @Test
  void aFailingListenerDoesNotStopLaterCallbacks() throws Exception {
    Set<String> calls = ConcurrentHashMap.newKeySet();
    Node solo = node("flaky", server, new LeadershipListener() {
      @Override
      public void leadershipGained(String app) {
        calls.add(app);
        throw new IllegalStateException("listener bug for " + app);
      }

      @Override
      public void leadershipLost(String app) {
      }
    });
    solo.leadership().registerApp("first");
    await().atMost(WAIT).until(() -> calls.contains("first"));

    solo.leadership().registerApp("second");

    await().atMost(WAIT).until(() -> calls.contains("second"));
    assertThat(solo.listener().events).containsExactly("gained:first", "gained:second");
  }

  @Test
  void deletedAppIsLeft() throws Exception {
    List<Node> nodes = nodes(2);
    nodes.get(0).leadership().registerApp(APP);
    nodes.get(0).leadership().registerApp("keep");
    Node leader = awaitAgreedLeader(nodes, APP);

    nodes.get(0).client().delete().deletingChildrenIfNeeded().forPath(paths.app(APP));

    await().atMost(WAIT).untilAsserted(() -> {
      for (Node n : nodes) {
        assertThat(n.leadership().knownApps()).containsExactly("keep");
        assertThat(n.leadership().isLeader(APP)).isFalse();
      }
    });
    await().atMost(WAIT).until(() -> leader.listener().last(APP).equals("lost"));

    // Registered again, whatever a latch left behind, it is joined again.
    nodes.get(1).leadership().registerApp(APP);
    await().atMost(WAIT).untilAsserted(() -> {
      for (Node n : nodes) {
        assertThat(n.leadership().knownApps()).containsExactly("keep", APP);
      }
    });
    awaitAgreedLeader(nodes, APP);
  }

  @Test
  void anEmptyLeftoverZnodeIsNoAppUntilRegistered() throws Exception {
    List<Node> nodes = nodes(2);
    CuratorFramework client = nodes.get(0).client();
    client.create().creatingParentsIfNeeded().forPath(paths.apps());
    // As a LeaderLatch leaves them: empty containers (Curator would otherwise write its default data).
    client.create().withMode(CreateMode.CONTAINER).forPath(paths.app("ghost"), new byte[0]);
    client.create().withMode(CreateMode.CONTAINER).forPath(paths.latch("ghost"), new byte[0]);
    nodes.get(0).leadership().registerApp("marker");
    await().atMost(WAIT).untilAsserted(() -> {
      for (Node n : nodes) {
        assertThat(n.leadership().knownApps()).containsExactly("marker");
      }
    });

    nodes.get(1).leadership().registerApp("ghost");

    assertThat(client.getData().forPath(paths.app("ghost"))).isEqualTo(AppZnode.data("ghost"));
    assertThat(client.checkExists().forPath(paths.app("ghost")).getEphemeralOwner()).isZero();
    await().atMost(WAIT).untilAsserted(() -> {
      for (Node n : nodes) {
        assertThat(n.leadership().knownApps()).containsExactly("ghost", "marker");
      }
    });
    awaitAgreedLeader(nodes, "ghost");
  }

  @Test
  void invalidAppNameIsRejected() throws Exception {
    Node solo = node("s1", server, null);

    assertThatThrownBy(() -> solo.leadership().registerApp("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad name");
    assertThatThrownBy(() -> solo.leadership().registerApp("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(solo.leadership().isLeader("bad name")).isFalse();
    assertThat(solo.leadership().leaderOf("bad name")).isEmpty();
    assertThat(solo.leadership().leaderOf(null)).isEmpty();
    assertThat(solo.leadership().leaderOf("unknown")).isEmpty();
  }

  @Test
  void startTwiceIsAnError() throws Exception {
    Node solo = node("s1", server, null);
    assertThatThrownBy(solo.leadership()::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clientWithoutTheStandardErrorPolicyIsRefused() {
    CuratorFramework lenient = CuratorFrameworkFactory.builder()
        .connectString(server.getConnectString())
        .retryPolicy(new RetryOneTime(100))
        .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
        .build();
    toClose.push(lenient);

    assertThatThrownBy(() -> new AppLeadership(lenient, paths, "s1", new RecordingListener()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standard connection-state error policy");
  }
}
