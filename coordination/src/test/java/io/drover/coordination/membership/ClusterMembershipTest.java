package io.drover.coordination.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.coordination.ZkPaths;
import io.drover.coordination.ZkTesting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterMembershipTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestingServer server;

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private ZkPaths paths;

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

  private CuratorFramework client() {
    CuratorFramework client = ZkTesting.connect(server);
    toClose.push(client);
    return client;
  }

  private static ServerInfo info(String id) {
    return new ServerInfo(id, "host-" + id, 7700, 7701, "test", System.currentTimeMillis());
  }

  private ClusterMembership member(CuratorFramework client, String id) {
    ClusterMembership membership = new ClusterMembership(client, paths, info(id));
    toClose.push(membership);
    return membership;
  }

  private ClusterMembership started(String id) throws Exception {
    ClusterMembership membership = member(client(), id);
    membership.start();
    return membership;
  }

  private static List<String> ids(List<ServerInfo> servers) {
    return servers.stream().map(ServerInfo::id).toList();
  }

  @Test
  void twoServersRegisterAndEachSeesBoth() throws Exception {
    ClusterMembership s1 = started("s1");
    ClusterMembership s2 = started("s2");

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(ids(s1.liveServers())).containsExactly("s1", "s2");
      assertThat(ids(s2.liveServers())).containsExactly("s1", "s2");
    });
    assertThat(s1.server("s2")).contains(s2.self());
    assertThat(s2.server("s1")).contains(s1.self());
    assertThat(s1.server("nope")).isEmpty();
  }

  @Test
  void aClosedServerLeavesTheOthersView() throws Exception {
    ClusterMembership s1 = started("s1");
    List<List<String>> seen = new CopyOnWriteArrayList<>();
    s1.addListener(live -> seen.add(ids(live)));
    ClusterMembership s2 = started("s2");
    await().atMost(WAIT).until(() -> seen.contains(List.of("s1", "s2")));

    s2.close();
    s2.close(); // idempotent

    await().atMost(WAIT).untilAsserted(() -> assertThat(ids(s1.liveServers())).containsExactly("s1"));
    await().atMost(WAIT).until(() -> seen.get(seen.size() - 1).equals(List.of("s1")));
    assertThat(s2.isTerminated()).isTrue();
  }

  @Test
  void listenerAddedLateIsToldTheCurrentMembersFirst() throws Exception {
    ClusterMembership s1 = started("s1");
    started("s2");
    await().atMost(WAIT).until(() -> s1.liveServers().size() == 2);

    List<List<String>> seen = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    s1.addListener(live -> {
      seen.add(ids(live));
      threads.add(Thread.currentThread().getName());
    });

    await().atMost(WAIT).until(() -> seen.contains(List.of("s1", "s2")));
    assertThat(threads).containsOnly("drover-membership-s1");
  }

  @Test
  void registrationComesBackAfterSessionExpiry() throws Exception {
    CuratorFramework client1 = client();
    ClusterMembership s1 = member(client1, "s1");
    s1.start();
    ClusterMembership s2 = started("s2");
    int indexBefore = s1.nodeIndex();
    long sessionBefore = ZkTesting.sessionId(client1);
    await().atMost(WAIT).until(() -> s2.liveServers().size() == 2);

    ZkTesting.expireSession(client1);

    // The znode is owned by the new session (the old one, and its ephemerals, expire server side).
    await().atMost(WAIT).untilAsserted(() -> {
      long session = ZkTesting.sessionId(client1);
      assertThat(session).isNotEqualTo(sessionBefore);
      Stat stat = client1.checkExists().forPath(paths.server("s1"));
      assertThat(stat).isNotNull();
      assertThat(stat.getEphemeralOwner()).isEqualTo(session);
    });
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(ids(s2.liveServers())).containsExactly("s1", "s2");
      assertThat(ids(s1.liveServers())).containsExactly("s1", "s2");
    });
    assertThat(s1.nodeIndex()).isEqualTo(indexBefore);
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(client1.getChildren().forPath(paths.ids())).hasSize(2));
  }

  @Test
  void duplicateServerIdIsRefusedWithAClearError() throws Exception {
    ClusterMembership first = started("s1");
    ClusterMembership second = member(client(), "s1");

    assertThatThrownBy(second::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("server id 's1' is already registered")
        .hasMessageContaining(paths.server("s1"))
        .hasMessageContaining("host-s1");

    // The first server's registration is untouched, and the refused one left nothing behind.
    CuratorFramework check = client();
    assertThat(ServerInfoJson.decode(check.getData().forPath(paths.server("s1")))).isEqualTo(first.self());
    assertThat(check.getChildren().forPath(paths.ids())).hasSize(1);
    assertThat(second.isTerminated()).isTrue();
    assertThatThrownBy(second::nodeIndex).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nodeIndexDiffersBetweenLiveServers() throws Exception {
    ClusterMembership s1 = started("s1");
    ClusterMembership s2 = started("s2");
    ClusterMembership s3 = started("s3");

    assertThat(List.of(s1.nodeIndex(), s2.nodeIndex(), s3.nodeIndex()))
        .doesNotHaveDuplicates()
        .allSatisfy(i -> assertThat(i).isBetween(0, NodeIndexAllocator.MAX_NODES - 1));
  }

  @Test
  void nodeIndexSkipsAnIndexAnotherTicketHolds() throws Exception {
    CuratorFramework client = client();
    client.create().creatingParentsIfNeeded().forPath(paths.ids());
    // The next sequential ticket takes the parent's cversion, +1 for the blocker we create first.
    int next = client.checkExists().forPath(paths.ids()).getCversion() + 1;
    String blocker = String.format("n-%010d", next + NodeIndexAllocator.MAX_NODES);
    client.create().forPath(paths.ids() + "/" + blocker, "other".getBytes(StandardCharsets.UTF_8));

    ClusterMembership s1 = member(client, "s1");
    s1.start();

    assertThat(s1.nodeIndex()).isNotEqualTo(NodeIndexAllocator.indexOf(blocker));
    // The rejected ticket is gone: only the blocker and s1's ticket remain.
    assertThat(client.getChildren().forPath(paths.ids())).hasSize(2);
  }

  @Test
  void ticketNamesMapToIndexesBelow1024() {
    assertThat(NodeIndexAllocator.indexOf("n-0000000012")).isEqualTo(12);
    assertThat(NodeIndexAllocator.indexOf("n-0000001036")).isEqualTo(12);
    assertThat(NodeIndexAllocator.indexOf("n--2147483648")).isBetween(0, 1023);
    assertThat(NodeIndexAllocator.indexOf("other")).isEqualTo(-1);
  }

  @Test
  void closeRemovesTheZnodesAndEndsTheListenerThread() throws Exception {
    CuratorFramework client = client();
    ClusterMembership s1 = member(client, "s1");
    s1.addListener(live -> { });
    s1.start();
    assertThat(client.checkExists().forPath(paths.server("s1"))).isNotNull();
    await().atMost(WAIT).until(() -> ZkTesting.threadAlive("drover-membership-s1"));

    s1.close();

    assertThat(client.checkExists().forPath(paths.server("s1"))).isNull();
    assertThat(client.getChildren().forPath(paths.ids())).isEmpty();
    assertThat(s1.isTerminated()).isTrue();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !ZkTesting.threadAlive("drover-membership-s1")); // a terminated executor's thread takes a moment to exit
  }

  @Test
  void nodeIndexBeforeStartIsAnError() {
    ClusterMembership s1 = member(client(), "s1");
    assertThatThrownBy(s1::nodeIndex)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s1");
  }
}
