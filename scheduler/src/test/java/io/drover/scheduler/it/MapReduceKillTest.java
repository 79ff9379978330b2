package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A map-reduce worker killed for real ({@code kill -9}, its own JVM) in the middle of a run: the sum of 1..100,000
 * is still exact. If it was running subtasks, only those run again and the attempt goes on; if it was the
 * coordinator, the attempt fails and the instance is retried.
 */
class MapReduceKillTest {
  private static final int N = 100_000;
  private static final long SUM = (long) N * (N + 1) / 2;

  @Test
  void killingAWorkerProcessMidRunKeepsTheSumExact() throws Exception {
    MapReduceTest.Runs runs = new MapReduceTest.Runs();
    MapReduceTest.RUNS.set(runs);
    try (TestCluster cluster = new TestCluster("mrkill")) {
      DroverServer server = cluster.startServer("s1");
      Api api = cluster.api(server);
      assertThat(api.post("/api/v1/apps", Map.of("name", "mrk", "secret", "mrk-secret")).status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads("mrk"));
      Process victim = MapWorkerProcess.start("mrk", "mrk-secret", cluster.transportAddress(server), "mrk-3");
      try {
        for (String id : List.of("mrk-1", "mrk-2")) {
          Worker w = cluster.startWorker(Worker.builder().app("mrk").secret("mrk-secret").workerId(id).capacity(4)
              .servers(cluster.transportAddress(server)).processor("sum", new MapReduceTest.Sum()));
          assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.workers().count("mrk") == 3);
        long jobId = api.post("/api/v1/jobs", Map.of("app", "mrk", "name", "sum", "scheduleType", "API",
            "processor", "sum", "mode", "MAP_REDUCE", "maxAttempts", 2)).body().get("id").asLong();
        long id = api.post("/api/v1/jobs/" + jobId + "/run", Map.of("params", N + ",slow")).body()
            .get("instanceId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/instances/" + id).body()
            .path("progress").path("succeeded").asInt() >= 10_000);
        String coordinator = api.get("/api/v1/instances/" + id).body().get("worker").asText();

        victim.destroyForcibly().waitFor(); // SIGKILL: no goodbye, no report, its subtasks and results lost

        JsonNode done = await().atMost(Duration.ofSeconds(120)).until(() -> api.get("/api/v1/instances/" + id)
            .body(), b -> List.of("SUCCEEDED", "FAILED").contains(b.get("status").asText()));
        assertThat(done.get("status").asText()).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(done.get("result").asText()).isEqualTo(Long.toString(SUM));
        if (coordinator.equals("mrk-3")) {
          assertThat(done.get("attempt").asInt()).as("the coordinator died: a second attempt").isEqualTo(2);
        } else {
          assertThat(done.get("attempt").asInt()).as("a subtask worker died: the same attempt").isEqualTo(1);
          for (int k = 1; k <= N; k++) { // this JVM's workers ran each number at most once
            assertThat(runs.count.get(k)).as("runs of %d here", k).isBetween(0, 1);
          }
        }
      } finally {
        victim.destroyForcibly().waitFor();
      }
    }
  }
}
