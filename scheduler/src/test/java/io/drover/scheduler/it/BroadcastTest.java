package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.BroadcastProcessor;
import io.drover.worker.Result;
import io.drover.worker.TaskContext;
import io.drover.worker.TaskOutcome;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BROADCAST over three real workers: a task on each eligible worker, hooks once each, failures, STOP, loss. */
class BroadcastTest {
  private static TestCluster cluster;
  private static DroverServer server;
  private static Api api;
  /** What ran, per instance: "pre@w", "task@w", "post@w", "interrupted@w". */
  private static final Map<Long, Queue<String>> EVENTS = new ConcurrentHashMap<>();

  /**
   * Params: "" succeeds everywhere, "fail=w-b" fails on that worker, "sleep" runs until interrupted, "sleep=w-b" on
   * that worker only.
   */
  static final class Recording implements BroadcastProcessor {
    @Override
    public Result preProcess(TaskContext ctx) {
      events(ctx).add("pre@" + ctx.workerId());
      return Result.ok(null);
    }

    @Override
    public Result process(TaskContext ctx) throws Exception {
      events(ctx).add("task@" + ctx.workerId());
      if (ctx.params().equals("fail=" + ctx.workerId())) {
        return Result.fail("disk full on " + ctx.workerId());
      }
      if (ctx.params().equals("sleep") || ctx.params().equals("sleep=" + ctx.workerId())) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          events(ctx).add("interrupted@" + ctx.workerId());
          throw e;
        }
      }
      return Result.ok(ctx.workerId());
    }

    @Override
    public Result postProcess(TaskContext ctx, List<TaskOutcome> results) {
      events(ctx).add("post@" + ctx.workerId());
      return Result.ok(results.stream().filter(TaskOutcome::success).map(TaskOutcome::result).sorted()
          .collect(Collectors.joining(",")));
    }

    private static Queue<String> events(TaskContext ctx) {
      return EVENTS.computeIfAbsent(ctx.instanceId(), k -> new ConcurrentLinkedQueue<>());
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("broadcast");
    server = cluster.startServer("s1");
    api = cluster.api(server);
    for (String app : List.of("bc", "bc-loss")) {
      assertThat(api.post("/api/v1/apps", Map.of("name", app, "secret", app + "-secret")).status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads(app));
    }
    for (String id : List.of("w-a", "w-b", "w-c")) {
      startWorker("bc", id, id.equals("w-c") ? "zone=c" : "zone=ab");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.workers().count("bc") == 3);
  }

  private static Worker startWorker(String app, String id, String labels) {
    Worker w = cluster.startWorker(Worker.builder().app(app).secret(app + "-secret").workerId(id).labels(labels)
        .capacity(4).servers(cluster.transportAddress(server)).processor("bc", new Recording()));
    assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();
    return w;
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long job(String app, String name, String selector, int maxAttempts) {
    return job(app, name, selector, maxAttempts, 0);
  }

  private static long job(String app, String name, String selector, int maxAttempts, long timeoutMs) {
    Map<String, Object> j = new java.util.LinkedHashMap<>(Map.of("app", app, "name", name, "scheduleType", "API",
        "processor", "bc", "mode", "BROADCAST", "maxAttempts", maxAttempts, "timeoutMs", timeoutMs));
    if (selector != null) {
      j.put("workerSelector", selector);
    }
    Api.Response r = api.post("/api/v1/jobs", j);
    assertThat(r.status()).as("create %s: %s", name, r.body()).isEqualTo(201);
    return r.body().get("id").asLong();
  }

  private static long run(long jobId, String params) {
    return api.post("/api/v1/jobs/" + jobId + "/run", Map.of("params", params)).body().get("instanceId").asLong();
  }

  private static JsonNode awaitEnd(long id) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/instances/" + id).body(),
        b -> List.of("SUCCEEDED", "FAILED", "CANCELED", "TIMED_OUT").contains(b.get("status").asText()));
  }

  private static List<String> events(long id, String prefix) {
    return EVENTS.getOrDefault(id, new ConcurrentLinkedQueue<>()).stream().filter(e -> e.startsWith(prefix))
        .toList();
  }

  @Test
  void broadcastRunsATaskOnEveryWorkerAndEachHookOnce() {
    long id = run(job("bc", "everywhere", null, 1), "");
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).as("%s", done).isEqualTo("SUCCEEDED");
    assertThat(done.get("result").asText()).isEqualTo("w-a,w-b,w-c");
    assertThat(events(id, "task@")).containsExactlyInAnyOrder("task@w-a", "task@w-b", "task@w-c");
    assertThat(events(id, "pre@")).hasSize(1);
    assertThat(events(id, "post@")).hasSize(1);
    assertThat(done.get("progress").get("total").asInt()).isEqualTo(3);
    assertThat(done.get("progress").get("succeeded").asInt()).isEqualTo(3);
    // the pre-processing ran before every task
    assertThat(EVENTS.get(id).peek()).startsWith("pre@");
  }

  @Test
  void theSelectorChoosesTheWorkers() {
    long id = run(job("bc", "zone-ab", "zone=ab", 1), "");
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("result").asText()).isEqualTo("w-a,w-b");
    assertThat(events(id, "task@")).containsExactlyInAnyOrder("task@w-a", "task@w-b");
  }

  @Test
  void oneFailedTaskFailsTheInstanceNamingTheWorker() {
    long id = run(job("bc", "one-fails", null, 1), "fail=w-b");
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("FAILED");
    assertThat(done.get("result").asText()).contains("1 of 3 workers").contains("w-b: disk full on w-b")
        .doesNotContain("w-a:").doesNotContain("w-c:");
    assertThat(events(id, "task@")).hasSize(3);
    assertThat(events(id, "post@")).as("post-processing still sees every result").hasSize(1);
    assertThat(done.get("progress").get("failed").asInt()).isEqualTo(1);
  }

  @Test
  void stopInterruptsTheTaskOnEveryWorker() {
    long id = run(job("bc", "stoppable", null, 1), "sleep");
    await().atMost(Duration.ofSeconds(10)).until(() -> events(id, "task@").size() == 3);
    assertThat(api.post("/api/v1/instances/" + id + "/stop", null).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> events(id, "interrupted@").size() == 3);
    assertThat(events(id, "interrupted@")).containsExactlyInAnyOrder("interrupted@w-a", "interrupted@w-b",
        "interrupted@w-c");
    assertThat(awaitEnd(id).get("status").asText()).isEqualTo("CANCELED");
    assertThat(events(id, "post@")).isEmpty();
  }

  @Test
  void aTimeoutStopsTheTaskOnEveryWorker() {
    long id = run(job("bc", "times-out", null, 1, 1_500), "sleep");
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("TIMED_OUT");
    await().atMost(Duration.ofSeconds(10)).until(() -> events(id, "interrupted@").size() == 3);
  }

  @Test
  void aLostWorkersTaskFailsTheInstanceNamingIt() {
    Worker lost = startWorker("bc-loss", "l-1", "");
    startWorker("bc-loss", "l-2", "");
    await().atMost(Duration.ofSeconds(5)).until(() -> server.workers().count("bc-loss") == 2);
    long id = run(job("bc-loss", "loses-one", null, 1), "sleep=l-1");
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/instances/" + id).body()
        .path("progress").path("succeeded").asInt() == 1);
    assertThat(events(id, "task@")).containsExactlyInAnyOrder("task@l-1", "task@l-2");
    lost.shutdown(Duration.ZERO);
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("FAILED");
    assertThat(done.get("result").asText()).contains("1 of 2 workers").contains("l-1: ").doesNotContain("l-2: ");
    assertThat(events(id, "post@")).containsExactly("post@l-2");
  }
}
