package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader relaying a map-reduce changes mid-run (a clean handover): the workers move to the new leader, the
 * coordinator reclaims its root task and sends again what may have been lost in flight, and the same attempt ends
 * with the exact sum.
 */
class MapReduceFailoverTest {
  private static final int N = 100_000;
  private TestCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void leaderChangeDuringAMapReduceKeepsTheAttemptAndTheSumExact() throws Exception {
    cluster = new TestCluster("mr-failover");
    DroverServer a = cluster.startServer("a");
    DroverServer b = cluster.startServer("b");
    Api api = cluster.api(a);
    assertThat(api.post("/api/v1/apps", Map.of("name", "mrf", "secret", "mrf-secret")).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(15)).until(() -> a.leaders().leads("mrf") || b.leaders().leads("mrf"));
    DroverServer leader = a.leaders().leads("mrf") ? a : b;
    DroverServer survivor = leader == a ? b : a;
    MapReduceTest.Runs runs = new MapReduceTest.Runs();
    MapReduceTest.RUNS.set(runs);
    String servers = cluster.transportAddress(a) + "," + cluster.transportAddress(b);
    for (String id : List.of("mrf-1", "mrf-2", "mrf-3")) {
      Worker w = cluster.startWorker(Worker.builder().app("mrf").secret("mrf-secret").workerId(id).capacity(4)
          .servers(servers).processor("sum", new MapReduceTest.Sum()));
      assertThat(w.awaitConnected(Duration.ofSeconds(15))).isTrue();
    }
    Api.Response job = api.post("/api/v1/jobs", Map.of("app", "mrf", "name", "sum", "scheduleType", "API",
        "processor", "sum", "mode", "MAP_REDUCE"));
    assertThat(job.status()).isEqualTo(201);
    long id = api.post("/api/v1/jobs/" + job.body().get("id").asLong() + "/run", Map.of("params", N + ",slow"))
        .body().get("instanceId").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/instances/" + id).body().path("progress")
        .path("succeeded").asInt() >= 10_000);

    cluster.stopServer(leader); // hands the app over; the instance stays RUNNING for the new leader to adopt
    Api survivorApi = cluster.api(survivor);
    JsonNode done = await().atMost(Duration.ofSeconds(90)).until(() -> survivorApi.get("/api/v1/instances/" + id)
        .body(), i -> List.of("SUCCEEDED", "FAILED", "CANCELED").contains(i.get("status").asText()));
    assertThat(done.get("status").asText()).as("%s", done).isEqualTo("SUCCEEDED");
    assertThat(done.get("result").asText()).isEqualTo(Long.toString((long) N * (N + 1) / 2));
    assertThat(done.get("attempt").asInt()).as("the coordinator kept its attempt through the change").isEqualTo(1);
    for (int k = 1; k <= N; k++) {
      assertThat(runs.count.get(k)).as("runs of %d", k).isPositive();
    }
  }
}
