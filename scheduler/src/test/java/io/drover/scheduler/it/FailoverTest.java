package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leader changes lose no fire and fire nothing twice: a crash, a zombie whose ZooKeeper session expired, and a
 * rolling restart of every server, each with a 1 s job running throughout.
 */
class FailoverTest {
  private TestCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static long createRateJob(Api api) {
    assertThat(api.post("/api/v1/apps", Map.of("name", "ha", "secret", "ha-secret-1")).status()).isEqualTo(201);
    Api.Response r = api.post("/api/v1/jobs", Map.of("app", "ha", "name", "every-second", "scheduleType",
        "FIXED_RATE", "scheduleExpr", "1000", "processor", "echo", "params", "tick"));
    assertThat(r.status()).isEqualTo(201);
    return r.body().get("id").asLong();
  }

  private static long succeeded(Api api, long jobId) {
    return api.instances(jobId).stream().filter(i -> i.get("status").asText().equals("SUCCEEDED")).count();
  }

  private static DroverServer leaderOf(List<DroverServer> servers) {
    await().atMost(Duration.ofSeconds(15)).until(() -> servers.stream().filter(s -> s.leaders().leads("ha"))
        .count() == 1);
    return servers.stream().filter(s -> s.leaders().leads("ha")).findFirst().orElseThrow();
  }

  /** Disables the job, waits for every instance to end, and checks one instance per period, none twice. */
  private static void assertEveryFireExactlyOnce(Api api, long jobId) {
    assertThat(api.post("/api/v1/jobs/" + jobId + "/disable", null).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> api.instances(jobId).stream()
        .allMatch(i -> i.get("status").asText().equals("SUCCEEDED")));
    List<Long> fires = api.instances(jobId).stream().map(i -> i.get("fireAt").asLong()).sorted().toList();
    assertThat(fires).as("no (job, fire time) twice").doesNotHaveDuplicates();
    List<Long> gaps = new ArrayList<>();
    for (int k = 1; k < fires.size(); k++) {
      gaps.add(fires.get(k) - fires.get(k - 1));
    }
    assertThat(gaps).as("no fire missed: " + gaps.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .allMatch(g -> g == 1000);
  }

  private Worker worker(List<DroverServer> servers) {
    String list = servers.stream().map(cluster::transportAddress).collect(Collectors.joining(","));
    Worker w = cluster.startWorker(Worker.builder().app("ha").secret("ha-secret-1").workerId("w1").servers(list)
        .processor("echo", ctx -> Result.ok(ctx.params())));
    assertThat(w.awaitConnected(Duration.ofSeconds(15))).isTrue();
    return w;
  }

  @Test
  void leaderCrashLosesNoFireAndFiresNothingTwice() throws Exception {
    cluster = new TestCluster("crash");
    DroverServer a = cluster.startServer("a");
    DroverServer b = cluster.startServer("b");
    Api api = cluster.api(a);
    long jobId = createRateJob(api);
    DroverServer leader = leaderOf(List.of(a, b));
    DroverServer survivor = leader == a ? b : a;
    Api survivorApi = cluster.api(survivor);
    Worker w = worker(List.of(a, b));
    await().atMost(Duration.ofSeconds(15)).until(() -> succeeded(api, jobId) >= 3);

    leader.halt(); // the crash: no handover
    cluster.stopServer(leader); // (already stopped; only leaves the cluster's list)
    await().atMost(Duration.ofSeconds(15)).until(() -> survivor.leaders().leads("ha"));
    await().atMost(Duration.ofSeconds(15)).until(() -> w.connectedServer()
        .filter(cluster.transportAddress(survivor)::equals).isPresent());
    long before = succeeded(survivorApi, jobId);
    await().atMost(Duration.ofSeconds(15)).until(() -> succeeded(survivorApi, jobId) >= before + 3);
    assertEveryFireExactlyOnce(survivorApi, jobId);
  }

  @Test
  void zombieLeaderStopsFiringAndItsFencedWritesMakeNoDuplicate() throws Exception {
    cluster = new TestCluster("zombie");
    DroverServer a = cluster.startServer("a");
    DroverServer b = cluster.startServer("b");
    Api api = cluster.api(a);
    long jobId = createRateJob(api);
    DroverServer zombie = leaderOf(List.of(a, b));
    DroverServer other = zombie == a ? b : a;
    long epochBefore = zombie.leaders().epoch("ha").orElseThrow();
    worker(List.of(a, b));
    await().atMost(Duration.ofSeconds(15)).until(() -> succeeded(api, jobId) >= 2);

    zombie.zookeeper().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await().atMost(Duration.ofSeconds(15)).until(() -> !zombie.leaders().leads("ha"));
    await().atMost(Duration.ofSeconds(15)).until(() -> other.leaders().leads("ha"));
    assertThat(other.leaders().epoch("ha").orElseThrow()).as("the new leader is fenced above the old")
        .isGreaterThan(epochBefore);
    long before = succeeded(api, jobId);
    await().atMost(Duration.ofSeconds(15)).until(() -> succeeded(api, jobId) >= before + 3);
    assertEveryFireExactlyOnce(api, jobId);
  }

  @Test
  void rollingRestartOfEveryServerMissesNoFire() throws Exception {
    cluster = new TestCluster("rolling");
    List<DroverServer> servers = new ArrayList<>(List.of(cluster.startServer("a"), cluster.startServer("b"),
        cluster.startServer("c")));
    long jobId = createRateJob(cluster.api(servers.get(0)));
    worker(servers);
    Api api0 = cluster.api(servers.get(0));
    await().atMost(Duration.ofSeconds(15)).until(() -> succeeded(api0, jobId) >= 2);
    for (int k = 0; k < servers.size(); k++) {
      DroverServer old = servers.get(k);
      int http = old.httpPort();
      int transport = old.transportPort();
      cluster.stopServer(old); // clean stop: hands its apps over first
      servers.set(k, cluster.startServer(old.id(), Map.of("drover.http.port", String.valueOf(http),
          "drover.transport.port", String.valueOf(transport))));
      Api api = cluster.api(servers.get(k));
      long before = succeeded(api, jobId);
      await().atMost(Duration.ofSeconds(15)).until(() -> succeeded(api, jobId) >= before + 2);
    }
    assertEveryFireExactlyOnce(cluster.api(servers.get(0)), jobId);
  }
}
