package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A worker that starts against a server that does not lead its app ends up connected to the leader. */
class RedirectTest {
  private static TestCluster cluster;
  private static DroverServer leader;
  private static DroverServer follower;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("redirect");
    DroverServer a = cluster.startServer("a");
    DroverServer b = cluster.startServer("b");
    assertThat(cluster.api(a).post("/api/v1/apps", Map.of("name", "shop", "secret", "shop-secret")).status())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leaders().leads("shop") || b.leaders().leads("shop"));
    leader = a.leaders().leads("shop") ? a : b;
    follower = leader == a ? b : a;
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort(); // closed again: nothing listens there
    }
  }

  @Test
  void workerStartingOnANonLeaderFollowsTheRedirect() throws Exception {
    Worker w = cluster.startWorker(Worker.builder().app("shop").secret("shop-secret").workerId("redirected")
        .servers("127.0.0.1:" + deadPort() + "," + cluster.transportAddress(follower))
        .processor("echo", ctx -> Result.ok("ran on " + ctx.workerId())));
    assertThat(w.awaitConnected(Duration.ofSeconds(15))).isTrue();
    assertThat(w.connectedServer()).contains(cluster.transportAddress(leader));
    assertThat(follower.workers().count("shop")).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> leader.workers().count("shop") == 1);

    // an API run sent to the follower is forwarded to the leader and runs on the redirected worker
    Api api = cluster.api(follower);
    long jobId = api.post("/api/v1/jobs", Map.of("app", "shop", "name", "via-follower", "scheduleType", "API",
        "processor", "echo")).body().get("id").asLong();
    Api.Response run = api.post("/api/v1/jobs/" + jobId + "/run", null);
    assertThat(run.status()).isEqualTo(202);
    long instanceId = run.body().get("instanceId").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "SUCCEEDED".equals(api.get("/api/v1/instances/" + instanceId).body().path("status").asText()));
    JsonNode done = api.get("/api/v1/instances/" + instanceId).body();
    assertThat(done.get("result").asText()).isEqualTo("ran on redirected");

    // the follower reports the leader and the worker list through the leader
    JsonNode apps = api.get("/api/v1/apps").body();
    assertThat(apps.get(0).get("leader").asText()).isEqualTo(leader.id());
    assertThat(apps.get(0).get("workers").asInt()).as("counted on the leader, asked by the follower").isEqualTo(1);
    assertThat(api.get("/api/v1/cluster").body().get("apps").get(0).get("workers").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/apps/shop/workers").body().get(0).get("id").asText()).isEqualTo("redirected");
  }

  @Test
  void clusterViewMeasuresPeerClocksAndFlagsNothingWhenTheyAgree() {
    JsonNode cluster = RedirectTest.cluster.api(follower).get("/api/v1/cluster").body();
    assertThat(cluster.get("servers").size()).isEqualTo(2);
    for (JsonNode s : cluster.get("servers")) {
      assertThat(s.get("clockOffsetMs").isNumber()).as("offset of %s measured", s.get("id")).isTrue();
      assertThat(Math.abs(s.get("clockOffsetMs").asLong())).isLessThan(500);
    }
    assertThat(cluster.get("warnings").size()).isZero();
  }

  @Test
  void workerOfAnUnknownAppIsRejectedAndNeverWelcomed() {
    Worker w = cluster.startWorker(Worker.builder().app("ghost").workerId("ghost-1")
        .servers(cluster.transportAddress(follower))
        .processor("echo", ctx -> Result.ok("")));
    assertThat(w.awaitConnected(Duration.ofSeconds(2))).isFalse();
    assertThat(leader.workers().count("ghost")).isZero();
    assertThat(follower.workers().count("ghost")).isZero();
  }
}
