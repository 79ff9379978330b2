package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.MapReduceProcessor;
import io.drover.worker.Result;
import io.drover.worker.SubtaskResult;
import io.drover.worker.TaskContext;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MAP_REDUCE over three real workers that hold no inbound port: subtasks and results go through the leader. The
 * root maps ranges, each range maps its numbers (two levels), the reduce sums the numbers' results.
 */
class MapReduceTest {
  private static final int N = 100_000;
  private static final long SUM = (long) N * (N + 1) / 2;
  private static TestCluster cluster;
  private static DroverServer server;
  private static Api api;
  /** What the current test's run did: runs of each number, and on which workers (a bit per worker). */
  static final AtomicReference<Runs> RUNS = new AtomicReference<>();

  static final class Runs {
    final AtomicIntegerArray count = new AtomicIntegerArray(N + 1);
    final AtomicIntegerArray workers = new AtomicIntegerArray(N + 1);
    final Set<String> started = ConcurrentHashMap.newKeySet();
    final Set<String> interrupted = ConcurrentHashMap.newKeySet();
    /** Workers whose numbers from now on wait until interrupted, and how many such numbers began to wait. */
    final Set<String> holdOn = ConcurrentHashMap.newKeySet();
    final AtomicInteger held = new AtomicInteger();

    int total() {
      int t = 0;
      for (int k = 0; k <= N; k++) {
        t += count.get(k);
      }
      return t;
    }
  }

  public record Range(int from, int to) {}

  /** Params "N" or "N,slow" (a pause on every 4th number), "N,block" (numbers wait until stopped), "N,big". */
  static final class Sum implements MapReduceProcessor {
    @Override
    public Result process(TaskContext ctx) throws Exception {
      String[] p = ctx.params().split(",");
      String how = p.length > 1 ? p[1] : "";
      if (ctx.isRootTask()) {
        int n = Integer.parseInt(p[0]);
        List<Range> ranges = new ArrayList<>();
        for (int from = 1; from <= n; from += 2_000) {
          ranges.add(new Range(from, Math.min(n, from + 1_999)));
        }
        ctx.map(ranges, "range");
        return Result.ok(null);
      }
      if (ctx.taskName().equals("range")) {
        Range r = ctx.subtask(Range.class);
        List<Integer> numbers = new ArrayList<>();
        for (int k = r.from(); k <= r.to(); k++) {
          numbers.add(k);
        }
        ctx.map(numbers, "number");
        return Result.ok(null);
      }
      int k = ctx.subtask(Integer.class);
      Runs runs = RUNS.get();
      runs.count.incrementAndGet(k);
      runs.workers.accumulateAndGet(k, bit(ctx.workerId()), (a, b) -> a | b);
      runs.started.add(ctx.workerId());
      if (runs.holdOn.contains(ctx.workerId())) {
        runs.held.incrementAndGet();
        Thread.sleep(60_000); // until its worker goes away
      }
      if (how.equals("slow") && k % 4 == 0) {
        Thread.sleep(1);
      } else if (how.equals("block")) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          runs.interrupted.add(ctx.workerId());
          throw e;
        }
      } else if (how.equals("big")) {
        return Result.ok("x".repeat(2_000));
      }
      return Result.ok(Integer.toString(k));
    }

    @Override
    public Result reduce(TaskContext ctx, List<SubtaskResult> results) {
      long sum = 0;
      for (SubtaskResult r : results) {
        if (r.name().equals("number")) {
          sum += Long.parseLong(r.result());
        }
      }
      return Result.ok(Long.toString(sum));
    }
  }

  /** Workers are named app-1, app-2, app-3. */
  static int bit(String workerId) {
    return 1 << (workerId.charAt(workerId.length() - 1) - '0');
  }

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("mapreduce");
    server = cluster.startServer("s1");
    api = cluster.api(server);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  /** A fresh app with three workers; returns them by id. */
  private static Map<String, Worker> app(String app) {
    assertThat(api.post("/api/v1/apps", Map.of("name", app, "secret", app + "-s")).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads(app));
    Map<String, Worker> workers = new LinkedHashMap<>();
    for (String id : List.of(app + "-1", app + "-2", app + "-3")) {
      Worker w = cluster.startWorker(Worker.builder().app(app).secret(app + "-s").workerId(id).capacity(4)
          .maxSubtaskResultBytes(1_024).servers(cluster.transportAddress(server)).processor("sum", new Sum()));
      assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();
      workers.put(id, w);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.workers().count(app) == 3);
    return workers;
  }

  private static long run(String app, String params, int maxAttempts) {
    Api.Response job = api.post("/api/v1/jobs", Map.of("app", app, "name", "sum", "scheduleType", "API",
        "processor", "sum", "mode", "MAP_REDUCE", "maxAttempts", maxAttempts));
    assertThat(job.status()).as("%s", job.body()).isEqualTo(201);
    return api.post("/api/v1/jobs/" + job.body().get("id").asLong() + "/run", Map.of("params", params)).body()
        .get("instanceId").asLong();
  }

  private static JsonNode instance(long id) {
    return api.get("/api/v1/instances/" + id).body();
  }

  private static JsonNode awaitEnd(long id) {
    return await().atMost(Duration.ofSeconds(90)).until(() -> instance(id),
        b -> List.of("SUCCEEDED", "FAILED", "CANCELED", "TIMED_OUT").contains(b.get("status").asText()));
  }

  private static void awaitSucceededAtLeast(long id, int n) {
    await().atMost(Duration.ofSeconds(30)).until(() -> instance(id).path("progress").path("succeeded").asInt() >= n);
  }

  @Test
  void mapReduceSumsOneToAHundredThousandExactly() {
    Runs runs = new Runs();
    RUNS.set(runs);
    app("mr-sum");
    long id = run("mr-sum", Integer.toString(N), 1);
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).as("%s", done).isEqualTo("SUCCEEDED");
    assertThat(done.get("result").asText()).isEqualTo(Long.toString(SUM));
    assertThat(runs.started).as("every worker ran subtasks").hasSize(3);
    JsonNode progress = done.get("progress");
    assertThat(progress.get("total").asLong()).isEqualTo(N + N / 2_000);
    assertThat(progress.get("succeeded").asLong()).isEqualTo(N + N / 2_000);
    for (int k = 1; k <= N; k++) {
      assertThat(runs.count.get(k)).as("runs of %d", k).isEqualTo(1);
    }
  }

  @Test
  void losingAWorkerReRunsOnlyItsSubtasks() {
    Runs runs = new Runs();
    RUNS.set(runs);
    Map<String, Worker> workers = app("mr-loss");
    long id = run("mr-loss", N + ",slow", 1);
    awaitSucceededAtLeast(id, 10_000);
    String coordinator = instance(id).get("worker").asText();
    String victim = workers.keySet().stream().filter(w -> !w.equals(coordinator)).findFirst().orElseThrow();
    runs.holdOn.add(victim); // so that it surely runs numbers when it goes: they must run again elsewhere
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.held.get() > 0);
    workers.get(victim).shutdown(Duration.ZERO);
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).as("%s", done).isEqualTo("SUCCEEDED");
    assertThat(done.get("result").asText()).isEqualTo(Long.toString(SUM));
    assertThat(done.get("attempt").asInt()).isEqualTo(1);
    int twice = 0;
    for (int k = 1; k <= N; k++) {
      int c = runs.count.get(k);
      assertThat(c).as("runs of %d", k).isBetween(1, 2);
      if (c == 2) {
        twice++;
        assertThat(runs.workers.get(k) & bit(victim)).as("%d ran twice: once on the lost worker", k).isNotZero();
      }
    }
    assertThat(twice).as("the lost worker's unfinished subtasks ran again").isPositive();
  }

  @Test
  void losingTheCoordinatorRetriesTheInstance() {
    Runs runs = new Runs();
    RUNS.set(runs);
    Map<String, Worker> workers = app("mr-coord");
    long id = run("mr-coord", N + ",slow", 1);
    awaitSucceededAtLeast(id, 5_000);
    String coordinator = instance(id).get("worker").asText();
    workers.get(coordinator).shutdown(Duration.ZERO);
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).as("%s", done).isEqualTo("SUCCEEDED");
    assertThat(done.get("attempt").asInt()).isEqualTo(2);
    assertThat(done.get("worker").asText()).isNotEqualTo(coordinator);
    assertThat(done.get("result").asText()).isEqualTo(Long.toString(SUM));
    List<JsonNode> attempts = new ArrayList<>();
    api.get("/api/v1/instances/" + id + "/attempts").body().forEach(attempts::add);
    assertThat(attempts.get(0).get("status").asText()).isEqualTo("FAILED");
    assertThat(attempts.get(0).get("worker").asText()).isEqualTo(coordinator);
  }

  @Test
  void stopDuringTheMapStopsEveryWorker() {
    Runs runs = new Runs();
    RUNS.set(runs);
    app("mr-stop");
    long id = run("mr-stop", "30000,block", 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> runs.started.size() == 3);
    assertThat(api.post("/api/v1/instances/" + id + "/stop", null).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.interrupted.size() == 3);
    assertThat(awaitEnd(id).get("status").asText()).isEqualTo("CANCELED");
    // nothing more starts once stopped: only the subtasks that were running (4 threads on each worker) ever ran
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> runs.total() <= 3 * 4);
  }

  @Test
  void aResultAboveTheLimitFailsWithAClearError() {
    Runs runs = new Runs();
    RUNS.set(runs);
    app("mr-big");
    long id = run("mr-big", "10,big", 1);
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("FAILED");
    assertThat(done.get("result").asText()).contains("10 of 11 subtask(s) failed")
        .contains("above the limit of 1024 (Worker.Builder.maxSubtaskResultBytes)");
    assertThat(runs.count.get(1)).as("tried taskMaxAttempts (3) times").isEqualTo(3);
  }
}
