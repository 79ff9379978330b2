package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.protocol.Report;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that dies (kill -9) or freezes (SIGSTOP: no heartbeats, connection open) while running a long attempt:
 * the attempt fails over to another worker at once as attempt 2, even with maxAttempts 1.
 */
class WorkerLossTest {
  private static TestCluster cluster;
  private static DroverServer server;
  private static Api api;
  private final List<Worker> survivors = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("loss");
    server = cluster.startServer("s1", Map.of("drover.worker.idle-timeout-ms", "2000"));
    api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "loss", "secret", "loss-secret")).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads("loss"));
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long longJob(String name) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("app", "loss");
    j.put("name", name);
    j.put("scheduleType", "API");
    j.put("processor", "sleep");
    j.put("params", "60000");
    j.put("maxAttempts", 1);
    return api.post("/api/v1/jobs", j).body().get("id").asLong();
  }

  /** Runs the long job on the worker in its own JVM (the only worker then); returns the instance id. */
  private static long runOnDoomedWorker(long jobId, String doomed) {
    await().atMost(Duration.ofSeconds(30)).until(() -> server.workers().workers("loss").stream()
        .anyMatch(w -> w.workerId().equals(doomed)));
    long id = api.post("/api/v1/jobs/" + jobId + "/run", null).body().get("instanceId").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/instances/" + id).body(),
        b -> b.get("status").asText().equals("RUNNING") && b.get("worker").asText().equals(doomed));
    return id;
  }

  /** A second worker that finishes fast (closed after the test). */
  private Worker survivor(String id) {
    Worker w = cluster.startWorker(Worker.builder().app("loss").secret("loss-secret").workerId(id)
        .servers(cluster.transportAddress(server))
        .processor("sleep", ctx -> Result.ok("finished on " + ctx.workerId() + " at attempt " + ctx.attempt())));
    assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();
    survivors.add(w);
    return w;
  }

  @AfterEach
  void closeSurvivors() {
    survivors.forEach(w -> w.shutdown(Duration.ZERO));
    survivors.clear();
  }

  private static void assertFailedOver(long id, String doomed, String how, String survivor) {
    JsonNode done = await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/instances/" + id).body(),
        b -> b.get("status").asText().equals("SUCCEEDED") || b.get("status").asText().equals("FAILED"));
    assertThat(done.get("status").asText()).as("%s", done).isEqualTo("SUCCEEDED");
    assertThat(done.get("attempt").asInt()).isEqualTo(2);
    assertThat(done.get("worker").asText()).isEqualTo(survivor);
    assertThat(done.get("result").asText()).isEqualTo("finished on " + survivor + " at attempt 2");
    JsonNode attempts = await().atMost(Duration.ofSeconds(5))
        .until(() -> api.get("/api/v1/instances/" + id + "/attempts").body(), a -> a.size() == 2);
    assertThat(attempts.get(0).get("worker").asText()).isEqualTo(doomed);
    assertThat(attempts.get(0).get("status").asText()).isEqualTo("FAILED");
    assertThat(attempts.get(0).get("result").asText()).contains(how);
  }

  @Test
  void aKilledWorkersAttemptFinishesOnAnotherWorker() throws Exception {
    Process p = WorkerProcess.start("loss", "loss-secret", cluster.transportAddress(server), "doomed-kill");
    try {
      long id = runOnDoomedWorker(longJob("killed"), "doomed-kill");
      survivor("survivor-kill");
      p.destroyForcibly(); // SIGKILL: no goodbye, no report
      assertFailedOver(id, "doomed-kill", "worker doomed-kill was lost", "survivor-kill");
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aFrozenWorkerIsDroppedAfterTheIdleTimeoutAndItsAttemptMoves() throws Exception {
    Process p = WorkerProcess.start("loss", "loss-secret", cluster.transportAddress(server), "doomed-freeze");
    try {
      long id = runOnDoomedWorker(longJob("frozen"), "doomed-freeze");
      survivor("survivor-freeze");
      new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
      assertFailedOver(id, "doomed-freeze", "worker doomed-freeze was lost", "survivor-freeze");
    } finally {
      new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aWorkerBackFromAFreezeIsToldToStopTheAttemptThatMovedOn(@TempDir Path dir) throws Exception {
    Path interrupted = dir.resolve("interrupted");
    Process p = WorkerProcess.start("loss", "loss-secret", cluster.transportAddress(server), "doomed-blip",
        interrupted);
    CountDownLatch release = new CountDownLatch(1);
    try {
      long id = runOnDoomedWorker(longJob("blip"), "doomed-blip");
      Worker holder = cluster.startWorker(Worker.builder().app("loss").secret("loss-secret").workerId("holder-blip")
          .servers(cluster.transportAddress(server))
          .processor("sleep", ctx -> {
            release.await(); // attempt 2 stays current while the frozen worker comes back
            return Result.ok("finished on " + ctx.workerId() + " at attempt " + ctx.attempt());
          }));
      survivors.add(holder);
      assertThat(holder.awaitConnected(Duration.ofSeconds(10))).isTrue();
      new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
      await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/instances/" + id).body(),
          b -> b.get("attempt").asInt() == 2 && b.get("status").asText().equals("RUNNING"));
      assertThat(interrupted).doesNotExist(); // attempt 1 still sleeps in the frozen worker

      new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
      // it reconnects, lists attempt 1 in its HELLO, and is told to stop it: it would sleep on for a minute
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(interrupted)
          && Files.readString(interrupted).equals(id + " attempt 1\n"));
      release.countDown();
      JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/instances/" + id).body(),
          b -> b.get("status").asText().equals("SUCCEEDED"));
      assertThat(done.get("result").asText()).isEqualTo("finished on holder-blip at attempt 2");
    } finally {
      release.countDown();
      new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aWorkerShuttingDownFinishesWhatItCanAndHandsOverTheRest() throws Exception {
    Worker leaving = cluster.startWorker(Worker.builder().app("loss").secret("loss-secret").workerId("leaving")
        .servers(cluster.transportAddress(server))
        .processor("sleep", ctx -> {
          Thread.sleep(Long.parseLong(ctx.params()));
          return Result.ok("slept on " + ctx.workerId());
        }));
    assertThat(leaving.awaitConnected(Duration.ofSeconds(10))).isTrue();
    long shortId = api.post("/api/v1/jobs/" + job("short", "300") + "/run", null).body().get("instanceId").asLong();
    long longId = runOnDoomedWorker(longJob("long-at-shutdown"), "leaving");
    survivor("survivor-shutdown");
    leaving.shutdown(Duration.ofSeconds(1)); // the 300 ms attempt finishes, the 60 s one cannot

    JsonNode shortDone = await().atMost(Duration.ofSeconds(10)).until(
        () -> api.get("/api/v1/instances/" + shortId).body(), b -> b.get("status").asText().equals("SUCCEEDED"));
    assertThat(shortDone.get("worker").asText()).isEqualTo("leaving");
    assertThat(shortDone.get("attempt").asInt()).isEqualTo(1);
    assertFailedOver(longId, "leaving", Report.WORKER_SHUT_DOWN, "survivor-shutdown");
  }

  private static long job(String name, String params) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("app", "loss");
    j.put("name", name);
    j.put("scheduleType", "API");
    j.put("processor", "sleep");
    j.put("params", params);
    return api.post("/api/v1/jobs", j).body().get("id").asLong();
  }
}
