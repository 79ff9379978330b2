package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * droverctl's ZooKeeper commands, in-process, against two real servers: servers and leaders read straight from
 * ZooKeeper, and pins and drains written there move leadership.
 */
class ZkCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<String> APPS = List.of("a1", "a2", "a3", "a4");

  private static InProcessCluster cluster;
  private static DroverServer s1;
  private static DroverServer s2;
  private static Ctl ctl;

  @BeforeAll
  static void start() throws Exception {
    cluster = new InProcessCluster("zk");
    s1 = cluster.startServer("s1", Map.of());
    s2 = cluster.startServer("s2", Map.of());
    ctl = new Ctl(Map.of("DROVER_SERVER", cluster.url(s1), "DROVER_TOKEN", cluster.adminToken(),
        "DROVER_ZK_CONNECT", cluster.zkConnect(), "DROVER_ZK_ROOT", cluster.root()));
    for (String app : APPS) {
      Ctl.Result r = ctl.run("app", "create", app, "--secret", app + "-secret-1");
      assertThat(r.code()).as("%s", r).isZero();
    }
    awaitEveryAppLed();
  }

  /** Other tests move apps around; a move leaves an app without a leader for a moment. */
  private static void awaitEveryAppLed() {
    await().atMost(WAIT).until(() -> leaders().values().stream().filter(l -> !l.isNull()).count() == APPS.size());
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  /** App to its leader (a JSON null when it has none), from {@code droverctl leaders --json}. */
  private static Map<String, JsonNode> leaders() {
    Ctl.Result r = ctl.run("leaders", "--json");
    assertThat(r.code()).as("%s", r).isZero();
    Map<String, JsonNode> out = new HashMap<>();
    r.json().forEach(a -> out.put(a.get("app").asText(), a.get("leader")));
    return out;
  }

  private static String leaderOf(String app) {
    return leaders().get(app).asText();
  }

  @Test
  void serversListsEveryLiveServerWithItsPortsAsJson() {
    awaitEveryAppLed();
    Ctl.Result r = ctl.run("servers", "--json");

    assertThat(r.code()).as("%s", r).isZero();
    JsonNode servers = r.json();
    assertThat(servers).extracting(s -> s.get("id").asText()).containsExactly("s1", "s2");
    assertThat(servers.get(0).get("httpPort").asInt()).isEqualTo(s1.httpPort());
    assertThat(servers.get(1).get("transportPort").asInt()).isEqualTo(s2.transportPort());
    assertThat(servers.get(0).get("drained").asBoolean()).isFalse();
    int led = servers.get(0).get("leads").size() + servers.get(1).get("leads").size();
    assertThat(led).as("every app is led by one of them").isEqualTo(APPS.size());

    Ctl.Result table = ctl.without("DROVER_SERVER").without("DROVER_TOKEN").run("servers");
    assertThat(table.code()).as("no server or token needed: %s", table).isZero();
    assertThat(table.out()).contains("ID", "HOST", "s1", "s2", String.valueOf(s2.httpPort()));
  }

  @Test
  void leadersShowsTheEpochOnlyWhenTheApiAnswers() {
    awaitEveryAppLed();
    Ctl.Result withApi = ctl.run("leaders", "--json");
    assertThat(withApi.json()).allSatisfy(a -> {
      assertThat(a.get("leader").asText()).isIn("s1", "s2");
      assertThat(a.get("epoch").asLong()).isPositive();
    });
    assertThat(ctl.run("leaders").out()).contains("EPOCH");

    Ctl zkOnly = ctl.with("DROVER_SERVER", "http://127.0.0.1:" + FreePorts.one());
    Ctl.Result withoutApi = zkOnly.run("leaders", "--json");
    assertThat(withoutApi.code()).as("%s", withoutApi).isZero();
    assertThat(withoutApi.json()).hasSize(APPS.size()).allSatisfy(a -> {
      assertThat(a.get("leader").asText()).isIn("s1", "s2");
      assertThat(a.has("epoch")).isFalse();
    });
    assertThat(zkOnly.run("leaders").out()).contains("LEADER").doesNotContain("EPOCH");
  }

  @Test
  void aPinMovesTheAppAndUnpinLetsItStay() {
    awaitEveryAppLed();
    String app = "a1";
    String other = leaderOf(app).equals("s1") ? "s2" : "s1";

    Ctl.Result pinned = ctl.run("pin", app, other);

    assertThat(pinned.code()).as("%s", pinned).isZero();
    await().atMost(WAIT).until(() -> leaderOf(app).equals(other));
    assertThat(ctl.run("leaders", "--json").json()).anySatisfy(a -> {
      assertThat(a.get("app").asText()).isEqualTo(app);
      assertThat(a.get("pin").asText()).isEqualTo(other);
    });
    Ctl.Result unpinned = ctl.run("unpin", app, "--json");
    assertThat(unpinned.code()).as("%s", unpinned).isZero();
    assertThat(unpinned.json().get("wasPinnedTo").asText()).isEqualTo(other);
    assertThat(ctl.run("leaders", "--json").json()).allSatisfy(a -> assertThat(a.get("pin").isNull()).isTrue());
  }

  @Test
  void pinningAnUnknownAppIsNotFound() {
    Ctl.Result r = ctl.run("pin", "no-such-app", "s1");

    assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("no-such-app");
  }

  @Test
  void aDrainedServerLeadsNothingUntilUndrained() {
    awaitEveryAppLed();
    Ctl.Result drained = ctl.run("drain", "s1", "--wait", "--json");

    try {
      assertThat(drained.code()).as("%s", drained).isZero();
      assertThat(drained.json().get("leads")).isEmpty();
      awaitEveryAppLed();
      assertThat(leaders().values()).extracting(JsonNode::asText).containsOnly("s2");
      assertThat(ctl.run("servers", "--json").json().get(0).get("drained").asBoolean()).isTrue();
    } finally {
      assertThat(ctl.run("undrain", "s1").code()).isZero();
    }
    // the balance gives s1 its share back: ceil(4 apps / 2 servers)
    await().atMost(WAIT).until(() -> leaders().values().stream().filter(l -> l.asText().equals("s1")).count() == 2);
  }

  @Test
  void anAppLostFromZooKeeperIsReportedAndCreatingItAgainRegistersIt() throws Exception {
    awaitEveryAppLed();
    try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zkConnect(), new RetryOneTime(100))) {
      zk.start();
      zk.delete().deletingChildrenIfNeeded().forPath(cluster.root() + "/apps/a4"); // as if ZooKeeper lost it
    }

    await().atMost(WAIT).untilAsserted(() -> {
      Ctl.Result r = ctl.run("leaders", "--json");
      assertThat(r.json()).anySatisfy(a -> {
        assertThat(a.get("app").asText()).isEqualTo("a4");
        assertThat(a.get("registered").asBoolean()).isFalse();
        assertThat(a.get("leader").isNull()).isTrue();
      });
      assertThat(r.err()).contains("a4", "not registered in ZooKeeper");
    });
    Ctl.Result again = ctl.run("app", "create", "a4", "--secret", "whatever-secret");
    assertThat(again.code()).as("the app exists: %s", again).isEqualTo(ExitCodes.ERROR);
    assertThat(again.err()).contains("CONFLICT");
    awaitEveryAppLed();
    assertThat(ctl.run("leaders", "--json").json()).allSatisfy(a -> assertThat(a.get("registered").asBoolean())
        .isTrue());
  }

  @Test
  void anUnreachableZooKeeperIsUnavailable() {
    Ctl.Result r = ctl.with("DROVER_ZK_CONNECT", "127.0.0.1:" + FreePorts.one())
        .with("DROVER_ZK_CONNECT_TIMEOUT_MS", "1000").run("servers");

    assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.err()).contains("ZooKeeper");
  }
}
