package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When an attempt started, whether its worker reported RUNNING (it ran longer than the worker's running report
 * delay) or not (it ended first, and its outcome carried the start).
 */
class StartTimeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final CountDownLatch release = new CountDownLatch(1);
  private static TestCluster cluster;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("starttime");
    DroverServer server = cluster.startServer("s1", Map.of());
    api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "st", "secret", "st-secret")).status()).isEqualTo(201);
    await().atMost(WAIT).until(() -> server.leaders().leads("st"));
    Worker worker = cluster.startWorker(Worker.builder().app("st").secret("st-secret").workerId("w-st")
        .servers(cluster.transportAddress(server)).runningReportDelay(Duration.ofMillis(100))
        .processor("quick", ctx -> Result.ok("quick"))
        .processor("held", ctx -> {
          release.await();
          return Result.ok("released");
        }));
    assertThat(worker.awaitConnected(WAIT)).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    release.countDown();
    cluster.close();
  }

  private static long run(String processor) {
    Api.Response job = api.post("/api/v1/jobs", Map.of("app", "st", "name", processor, "scheduleType", "API",
        "processor", processor));
    assertThat(job.status()).as("%s", job.body()).isEqualTo(201);
    return api.post("/api/v1/jobs/" + job.body().get("id").asLong() + "/run", null).body().get("instanceId")
        .asLong();
  }

  private static JsonNode awaitStatus(long id, String status) {
    return await().atMost(WAIT).until(() -> api.get("/api/v1/instances/" + id).body(),
        b -> b.get("status").asText().equals(status));
  }

  @Test
  void anAttemptThatEndsBeforeItsRunningReportStillHasItsStartTime() {
    JsonNode done = awaitStatus(run("quick"), "SUCCEEDED");
    assertThat(done.get("startedAt").isNumber()).as("%s", done).isTrue();
    assertThat(done.get("startedAt").asLong()).isBetween(done.get("dispatchedAt").asLong(),
        done.get("finishedAt").asLong());
  }

  @Test
  void aLongerAttemptShowsRunningFromItsStartThenEndsWithTheSameStart() {
    long id = run("held");
    JsonNode running = awaitStatus(id, "RUNNING");
    long startedAt = running.get("startedAt").asLong();
    assertThat(startedAt).as("%s", running).isGreaterThanOrEqualTo(running.get("dispatchedAt").asLong())
        .isLessThanOrEqualTo(System.currentTimeMillis());
    release.countDown();
    JsonNode done = awaitStatus(id, "SUCCEEDED");
    assertThat(done.get("startedAt").asLong()).isEqualTo(startedAt);
    assertThat(done.get("finishedAt").asLong()).isGreaterThanOrEqualTo(startedAt);
    assertThat(done.get("result").asText()).isEqualTo("released");
  }
}
