package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.scheduler.testsupport.TestDatabase;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries, timeouts, overlap policies, stop and retry through the API, idempotency under concurrency. */
class SchedulingDepthTest {
  private static TestCluster cluster;
  private static Api api;
  private static final AtomicInteger interrupted = new AtomicInteger();
  private static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("depth");
    DroverServer server = cluster.startServer("s1");
    api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "depth", "secret", "depth-secret")).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads("depth"));
    Worker w = cluster.startWorker(Worker.builder().app("depth").secret("depth-secret").workerId("w1").capacity(32)
        .servers(cluster.transportAddress(server))
        .processor("echo", ctx -> Result.ok(ctx.params()))
        .processor("flaky", ctx -> ctx.attempt() <= Integer.parseInt(ctx.params())
            ? Result.fail("attempt " + ctx.attempt() + " fails") : Result.ok("ok at attempt " + ctx.attempt()))
        .processor("fail-once", ctx -> failedOnce.add(ctx.params()) ? Result.fail("first call fails")
            : Result.ok("second call works"))
        .processor("sleep", ctx -> {
          try {
            Thread.sleep(Long.parseLong(ctx.params()));
            return Result.ok("slept");
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        }));
    assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long job(String name, Map<String, Object> extra) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("app", "depth");
    j.put("name", name);
    j.put("scheduleType", "API");
    j.putAll(extra);
    Api.Response r = api.post("/api/v1/jobs", j);
    assertThat(r.status()).as("create %s: %s", name, r.body()).isEqualTo(201);
    return r.body().get("id").asLong();
  }

  private static long run(long jobId) {
    Api.Response r = api.post("/api/v1/jobs/" + jobId + "/run", null);
    assertThat(r.status()).isEqualTo(202);
    return r.body().get("instanceId").asLong();
  }

  private static JsonNode awaitStatus(long instanceId, String... statuses) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      last[0] = api.get("/api/v1/instances/" + instanceId).body();
      return List.of(statuses).contains(last[0].path("status").asText());
    });
    return last[0];
  }

  @Test
  void jobFailingTwiceSucceedsAtTheThirdAttempt() {
    long jobId = job("flaky-3", Map.of("processor", "flaky", "params", "2", "maxAttempts", 3, "retryBackoffMs", 50));
    long id = run(jobId);
    JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED");
    assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("attempt").asInt()).isEqualTo(3);
    assertThat(done.get("result").asText()).isEqualTo("ok at attempt 3");
    await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v1/instances/" + id + "/attempts").body()
        .size() == 3);
    JsonNode attempts = api.get("/api/v1/instances/" + id + "/attempts").body();
    assertThat(attempts.get(0).get("status").asText()).isEqualTo("FAILED");
    assertThat(attempts.get(1).get("status").asText()).isEqualTo("FAILED");
    assertThat(attempts.get(2).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(attempts.get(1).get("result").asText()).isEqualTo("attempt 2 fails");
  }

  @Test
  void jobOutOfAttemptsEndsFailedAtTheLastAttempt() {
    long jobId = job("flaky-2", Map.of("processor", "flaky", "params", "5", "maxAttempts", 2, "retryBackoffMs", 50));
    long id = run(jobId);
    JsonNode done = awaitStatus(id, "FAILED");
    assertThat(done.get("attempt").asInt()).isEqualTo(2);
    assertThat(done.get("result").asText()).isEqualTo("attempt 2 fails");
    assertThat(api.instances(jobId)).hasSize(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> attemptRows(id) == 2); // a retried instance: one row each
    JsonNode attempts = api.get("/api/v1/instances/" + id + "/attempts").body();
    assertThat(attempts).extracting(a -> a.get("attempt").asInt()).containsExactly(1, 2);
    assertThat(attempts.get(1).get("result").asText()).isEqualTo("attempt 2 fails");
  }

  @Test
  void processorSleepingPastTheTimeoutIsInterruptedAndTimedOut() {
    int before = interrupted.get();
    long jobId = job("too-slow", Map.of("processor", "sleep", "params", "30000", "timeoutMs", 500));
    long id = run(jobId);
    JsonNode done = awaitStatus(id, "TIMED_OUT", "SUCCEEDED", "FAILED");
    assertThat(done.get("status").asText()).isEqualTo("TIMED_OUT");
    assertThat(done.get("result").asText()).contains("timed out after 500 ms");
    assertThat(done.get("finishedAt").asLong() - done.get("dispatchedAt").asLong()).isLessThan(5_000);
    await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.get() > before);
    // its only attempt has no row of its own: the instance row holds it, and the API shows it the same
    assertThat(attemptRows(id)).isZero();
    JsonNode attempts = api.get("/api/v1/instances/" + id + "/attempts").body();
    assertThat(attempts).hasSize(1);
    JsonNode only = attempts.get(0);
    assertThat(only.get("attempt").asInt()).isEqualTo(1);
    for (String field : List.of("status", "worker", "result", "dispatchedAt", "startedAt", "finishedAt")) {
      assertThat(only.get(field)).as(field).isEqualTo(done.get(field));
    }
  }

  private static long attemptRows(long instanceId) {
    TestDatabase.Db db = cluster.db();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
         PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM instance_attempt WHERE instance_id = ?")) {
      ps.setLong(1, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void stopThroughTheApiInterruptsAndCancels() {
    int before = interrupted.get();
    long jobId = job("to-stop", Map.of("processor", "sleep", "params", "30000"));
    long id = run(jobId);
    awaitStatus(id, "RUNNING");
    assertThat(api.post("/api/v1/instances/" + id + "/stop", null).status()).isEqualTo(202);
    JsonNode done = awaitStatus(id, "CANCELED");
    assertThat(done.get("result").asText()).contains("stopped through the API");
    await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.get() > before);
    Api.Response again = api.post("/api/v1/instances/" + id + "/stop", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode().asText()).isEqualTo("CONFLICT");
  }

  @Test
  void aDelayedRunCanBeStoppedBeforeItsMomentAndNeverRuns() {
    long jobId = job("delayed-stop", Map.of("processor", "echo", "params", "never"));
    Api.Response r = api.post("/api/v1/jobs/" + jobId + "/run", Map.of("delayMs", 2_000));
    assertThat(r.status()).isEqualTo(202);
    long id = r.body().get("instanceId").asLong();
    assertThat(api.get("/api/v1/instances/" + id).body().get("status").asText()).isEqualTo("WAITING_DISPATCH");

    assertThat(api.post("/api/v1/instances/" + id + "/stop", null).status()).isEqualTo(202);
    JsonNode done = awaitStatus(id, "CANCELED", "SUCCEEDED");
    assertThat(done.get("status").asText()).isEqualTo("CANCELED");
    await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).until(() -> true); // its moment passed
    JsonNode after = api.get("/api/v1/instances/" + id).body();
    assertThat(after.get("status").asText()).isEqualTo("CANCELED");
    assertThat(after.path("startedAt").isNull() || after.path("startedAt").isMissingNode()).isTrue();
  }

  @Test
  void firesAreRecordedAheadOfTheirMomentButNeverDispatchedBeforeIt() {
    long jobId = job("ahead", Map.of("scheduleType", "FIXED_RATE", "scheduleExpr", "400", "processor", "echo",
        "params", "ahead"));
    await().atMost(Duration.ofSeconds(15)).until(() -> api.instances(jobId).stream()
        .filter(i -> i.get("status").asText().equals("SUCCEEDED")).count() >= 5);
    assertThat(api.post("/api/v1/jobs/" + jobId + "/disable", null).status()).isEqualTo(200);
    List<JsonNode> done = api.instances(jobId).stream().filter(i -> i.get("status").asText().equals("SUCCEEDED"))
        .toList();
    // fires after the first are planned by the loop itself, record-ahead-ms (250) before their moment
    assertThat(done).anyMatch(i -> i.get("createdAt").asLong() < i.get("fireAt").asLong());
    assertThat(done).allMatch(i -> i.get("dispatchedAt").asLong() >= i.get("fireAt").asLong());
  }

  @Test
  void retryThroughTheApiRunsTheInstanceAgain() {
    long jobId = job("retry-me", Map.of("processor", "fail-once", "params", "retry-me"));
    long first = run(jobId);
    assertThat(awaitStatus(first, "FAILED", "SUCCEEDED").get("status").asText()).isEqualTo("FAILED");
    Api.Response r = api.post("/api/v1/instances/" + first + "/retry", null);
    assertThat(r.status()).isEqualTo(202);
    long second = r.body().get("instanceId").asLong();
    assertThat(second).isNotEqualTo(first);
    JsonNode done = awaitStatus(second, "SUCCEEDED", "FAILED");
    assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("triggerType").asText()).isEqualTo("RETRY");
    assertThat(api.get("/api/v1/instances/" + first).body().get("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void twentyConcurrentRunsWithOneKeyCreateOneInstance() throws Exception {
    long jobId = job("idem-concurrent", Map.of("processor", "echo", "params", "x"));
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> ids = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      ids.add(pool.submit(() -> {
        go.await();
        Api.Response r = api.post("/api/v1/jobs/" + jobId + "/run", Map.of(), Map.of("Idempotency-Key", "k-1"));
        assertThat(r.status()).isEqualTo(202);
        return r.body().get("instanceId").asLong();
      }));
    }
    go.countDown();
    Set<Long> distinct = new HashSet<>();
    for (Future<Long> f : ids) {
      distinct.add(f.get());
    }
    pool.shutdown();
    assertThat(distinct).hasSize(1);
    awaitStatus(distinct.iterator().next(), "SUCCEEDED");
    assertThat(api.instances(jobId)).hasSize(1);
  }

  private static void assertNoOverlap(List<JsonNode> ran) {
    List<long[]> spans = new ArrayList<>();
    for (JsonNode i : ran) {
      spans.add(new long[] {i.get("startedAt").asLong(), i.get("finishedAt").asLong()});
    }
    spans.sort((a, b) -> Long.compare(a[0], b[0]));
    for (int k = 1; k < spans.size(); k++) {
      assertThat(spans.get(k)[0]).as("instance %d starts after the previous one ended", k)
          .isGreaterThanOrEqualTo(spans.get(k - 1)[1]);
    }
  }

  @Test
  void overlapSkipRecordsSkippedInstancesAndNeverRunsTwoAtOnce() {
    long jobId = job("overlap-skip", Map.of("scheduleType", "FIXED_RATE", "scheduleExpr", "200", "processor",
        "sleep", "params", "700", "maxInstances", 1, "overlapPolicy", "SKIP"));
    await().atMost(Duration.ofSeconds(20)).until(() -> api.instances(jobId).stream()
        .filter(i -> i.get("status").asText().equals("SUCCEEDED")).count() >= 2);
    api.post("/api/v1/jobs/" + jobId + "/disable", null);
    List<JsonNode> all = api.instances(jobId);
    List<JsonNode> skipped = all.stream().filter(i -> i.get("status").asText().equals("SKIPPED")).toList();
    assertThat(skipped).isNotEmpty();
    assertThat(skipped.get(0).get("result").asText()).contains("overlap").contains("maxInstances 1");
    assertNoOverlap(all.stream().filter(i -> i.get("status").asText().equals("SUCCEEDED")).toList());
  }

  @Test
  void overlapQueueRunsEveryInstanceOneAfterAnother() {
    long jobId = job("overlap-queue", Map.of("scheduleType", "FIXED_RATE", "scheduleExpr", "300", "processor",
        "sleep", "params", "500", "maxInstances", 1, "overlapPolicy", "QUEUE"));
    await().atMost(Duration.ofSeconds(20)).until(() -> api.instances(jobId).stream()
        .filter(i -> i.get("status").asText().equals("SUCCEEDED")).count() >= 3);
    api.post("/api/v1/jobs/" + jobId + "/disable", null);
    List<JsonNode> all = api.instances(jobId);
    assertThat(all).noneMatch(i -> i.get("status").asText().equals("SKIPPED"));
    assertNoOverlap(all.stream().filter(i -> i.get("status").asText().equals("SUCCEEDED")).toList());
  }

  @Test
  void overlapReplaceStopsTheRunningInstanceForTheNewOne() {
    long jobId = job("overlap-replace", Map.of("scheduleType", "FIXED_RATE", "scheduleExpr", "500", "processor",
        "sleep", "params", "30000", "maxInstances", 1, "overlapPolicy", "REPLACE"));
    await().atMost(Duration.ofSeconds(20)).until(() -> api.instances(jobId).stream()
        .filter(i -> i.get("status").asText().equals("CANCELED")).count() >= 2);
    api.post("/api/v1/jobs/" + jobId + "/disable", null);
    JsonNode canceled = api.instances(jobId).stream().filter(i -> i.get("status").asText().equals("CANCELED"))
        .findFirst().orElseThrow();
    assertThat(canceled.get("result").asText()).contains("replaced by instance");
    long running = api.instances(jobId).stream().filter(i -> i.get("status").asText().equals("RUNNING")).count();
    assertThat(running).isLessThanOrEqualTo(1);
  }

  @Test
  void lifetimeBoundsTheFires() {
    long now = System.currentTimeMillis();
    long start = now + 1_000;
    long end = now + 2_500;
    long jobId = job("lifetime", Map.of("scheduleType", "FIXED_RATE", "scheduleExpr", "250", "processor", "echo",
        "params", "x", "startAt", start, "endAt", end));
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/jobs/" + jobId).body()
        .get("nextFireAt").isNull());
    List<JsonNode> all = api.instances(jobId);
    assertThat(all).hasSize(7); // start, start + 250, ... start + 1500
    assertThat(all).allMatch(i -> i.get("fireAt").asLong() >= start && i.get("fireAt").asLong() <= end);
  }

  @Test
  void misfiredOneShotFollowsItsPolicy() {
    long past = System.currentTimeMillis() - 60_000;
    long skipJob = job("misfire-skip", Map.of("scheduleType", "ONE_SHOT", "scheduleExpr", String.valueOf(past),
        "processor", "echo", "params", "late", "misfirePolicy", "SKIP"));
    long onceJob = job("misfire-once", Map.of("scheduleType", "ONE_SHOT", "scheduleExpr", String.valueOf(past),
        "processor", "echo", "params", "late"));
    await().atMost(Duration.ofSeconds(10)).until(() -> api.instances(skipJob).size() == 1
        && api.instances(onceJob).size() == 1
        && api.instances(onceJob).get(0).get("status").asText().equals("SUCCEEDED"));
    JsonNode skipped = api.instances(skipJob).get(0);
    assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
    assertThat(skipped.get("result").asText()).contains("misfire");
    assertThat(skipped.get("fireAt").asLong()).isEqualTo(past);
  }

  @Test
  void disableUpdateAndDeleteTakeEffectWithinASecond() {
    Map<String, Object> def = new LinkedHashMap<>(Map.of("app", "depth", "name", "editable", "scheduleType",
        "FIXED_RATE", "scheduleExpr", "200", "processor", "echo", "params", "v1"));
    long jobId = job("editable", def);
    await().atMost(Duration.ofSeconds(10)).until(() -> api.instances(jobId).size() >= 2);

    def.put("params", "v2");
    assertThat(api.put("/api/v1/jobs/" + jobId, def).status()).isEqualTo(200);
    long edited = System.currentTimeMillis();
    await().atMost(Duration.ofSeconds(5)).until(() -> api.instances(jobId).stream()
        .anyMatch(i -> "v2".equals(i.path("result").asText())));
    JsonNode firstV2 = api.instances(jobId).stream().filter(i -> "v2".equals(i.path("result").asText()))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(firstV2.get("createdAt").asLong() - edited).isLessThan(1_000);

    assertThat(api.post("/api/v1/jobs/" + jobId + "/disable", null).status()).isEqualTo(200);
    long disabledAt = System.currentTimeMillis();
    await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(api.instances(jobId)).allMatch(i -> i.get("createdAt").asLong() < disabledAt + 1_000);

    assertThat(api.post("/api/v1/jobs/" + jobId + "/enable", null).status()).isEqualTo(200);
    long enabledAt = System.currentTimeMillis();
    await().atMost(Duration.ofSeconds(5)).until(() -> api.instances(jobId).stream()
        .anyMatch(i -> i.get("createdAt").asLong() > enabledAt));

    assertThat(api.delete("/api/v1/jobs/" + jobId).status()).isEqualTo(204);
    long deletedAt = System.currentTimeMillis();
    await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(api.instances(jobId)).allMatch(i -> i.get("createdAt").asLong() < deletedAt + 1_000);
  }

  @Test
  void aRateFasterThanTheLookaheadFiresEveryPeriodWithoutGapsOrDoubles() {
    // 250 ms < the 500 ms lookahead: each next fire lands in the window already read, so the loop plans it itself
    long jobId = job("fast-rate", Map.of("scheduleType", "FIXED_RATE", "scheduleExpr", "250", "processor", "echo",
        "params", "fast"));
    await().atMost(Duration.ofSeconds(15)).until(() -> api.instances(jobId).size() >= 12);
    assertThat(api.post("/api/v1/jobs/" + jobId + "/disable", null).status()).isEqualTo(200);
    List<Long> fireAts = api.instances(jobId).stream().map(i -> i.get("fireAt").asLong()).sorted().toList();
    for (int i = 1; i < fireAts.size(); i++) {
      assertThat(fireAts.get(i) - fireAts.get(i - 1)).as("gap before fire %d of %s", i, fireAts).isEqualTo(250);
    }
  }

  @Test
  void anEditMovingTheNextFireIntoTheWindowAlreadyReadTakesEffect() {
    long far = System.currentTimeMillis() + 3_600_000;
    Map<String, Object> def = new LinkedHashMap<>(Map.of("app", "depth", "name", "moved-one-shot", "scheduleType",
        "ONE_SHOT", "scheduleExpr", Long.toString(far), "processor", "echo", "params", "moved"));
    long jobId = job("moved-one-shot", def);
    await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> true); // windows read past
    long soon = System.currentTimeMillis() + 300; // inside the window the trigger loop has read already
    def.put("scheduleExpr", Long.toString(soon));
    assertThat(api.put("/api/v1/jobs/" + jobId, def).status()).isEqualTo(200);
    JsonNode fired = await().atMost(Duration.ofSeconds(5)).until(() -> api.instances(jobId), l -> !l.isEmpty())
        .get(0);
    assertThat(fired.get("fireAt").asLong()).isEqualTo(soon);
    assertThat(fired.get("createdAt").asLong() - soon).isLessThan(1_000);
  }

  @Test
  void fixedDelayCountsFromTheEndOfThePreviousInstance() {
    long jobId = job("fixed-delay", Map.of("scheduleType", "FIXED_DELAY", "scheduleExpr", "300", "processor", "sleep",
        "params", "200"));
    await().atMost(Duration.ofSeconds(15)).until(() -> api.instances(jobId).stream()
        .filter(i -> i.get("status").asText().equals("SUCCEEDED")).count() >= 4);
    assertThat(api.post("/api/v1/jobs/" + jobId + "/disable", null).status()).isEqualTo(200);
    List<JsonNode> done = new ArrayList<>(api.instances(jobId).stream()
        .filter(i -> i.get("status").asText().equals("SUCCEEDED")).toList());
    done.sort(java.util.Comparator.comparingLong(i -> i.get("fireAt").asLong()));
    for (int k = 1; k < done.size(); k++) {
      long previousEnd = done.get(k - 1).get("finishedAt").asLong();
      assertThat(done.get(k).get("fireAt").asLong()).as("fire %d: 300 ms after the previous one ended", k)
          .isEqualTo(previousEnd + 300);
    }
  }
}
