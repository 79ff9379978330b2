package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One server, one worker, real ZooKeeper, database and sockets: jobs fire, dispatch and finish end to end. */
class WalkingSkeletonTest {
  private static TestCluster cluster;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("skeleton");
    DroverServer server = cluster.startServer("s1");
    api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "orders", "secret", "orders-secret")).status())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads("orders"));
    Worker w = cluster.startWorker(Worker.builder().app("orders").secret("orders-secret").workerId("w1")
        .servers(cluster.transportAddress(server))
        .processor("echo", ctx -> Result.ok(ctx.params()))
        .processor("boom", ctx -> {
          throw new IllegalStateException("card declined for order 42");
        }));
    assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  static Map<String, Object> job(String name, String type, String expr, String processor, String params) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("app", "orders");
    j.put("name", name);
    j.put("scheduleType", type);
    j.put("scheduleExpr", expr);
    j.put("processor", processor);
    j.put("params", params);
    return j;
  }

  static long createJob(Map<String, Object> job) {
    Api.Response r = api.post("/api/v1/jobs", job);
    assertThat(r.status()).as("create job: %s", r.body()).isEqualTo(201);
    return r.body().get("id").asLong();
  }

  static JsonNode awaitEnded(long instanceId) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      last[0] = api.get("/api/v1/instances/" + instanceId).body();
      String s = last[0].path("status").asText();
      return s.equals("SUCCEEDED") || s.equals("FAILED");
    });
    return last[0];
  }

  @Test
  void fixedRateJobProducesOneSucceededInstancePerFire() {
    long jobId = createJob(job("every-second", "FIXED_RATE", "1000", "echo", "tick"));
    List<JsonNode> done = new ArrayList<>();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      done.clear();
      api.get("/api/v1/instances?jobId=" + jobId + "&status=SUCCEEDED").body().forEach(done::add);
      return done.size() >= 3;
    });
    Set<Long> fireTimes = new HashSet<>();
    for (JsonNode i : done) {
      assertThat(i.get("triggerType").asText()).isEqualTo("SCHEDULE");
      assertThat(i.get("result").asText()).isEqualTo("tick");
      assertThat(i.get("worker").asText()).isEqualTo("w1");
      long created = i.get("createdAt").asLong();
      long dispatched = i.get("dispatchedAt").asLong();
      long started = i.get("startedAt").asLong();
      long finished = i.get("finishedAt").asLong();
      assertThat(created).isLessThanOrEqualTo(dispatched);
      assertThat(dispatched).isLessThanOrEqualTo(started);
      assertThat(started).isLessThanOrEqualTo(finished);
      assertThat(fireTimes.add(i.get("fireAt").asLong())).as("one instance per fire time").isTrue();
    }
    // consecutive fires are one period apart: no fire skipped, none doubled
    List<Long> sorted = fireTimes.stream().sorted().toList();
    for (int k = 1; k < sorted.size(); k++) {
      assertThat(sorted.get(k) - sorted.get(k - 1)).isEqualTo(1000);
    }
    JsonNode all = api.get("/api/v1/instances?jobId=" + jobId + "&limit=1000").body();
    Set<Long> allFires = new HashSet<>();
    all.forEach(i -> assertThat(allFires.add(i.get("fireAt").asLong())).isTrue());
    assertThat(api.post("/api/v1/jobs/" + jobId + "/disable", null).body().get("enabled").asBoolean()).isFalse();
  }

  @Test
  void cronJobFiresOnItsSchedule() {
    long jobId = createJob(Map.of("app", "orders", "name", "cron-every-second", "scheduleType", "CRON",
        "scheduleExpr", "* * * * * ?", "timeZone", "Asia/Kolkata", "processor", "echo", "params", "cron"));
    await().atMost(Duration.ofSeconds(15)).until(() ->
        api.get("/api/v1/instances?jobId=" + jobId + "&status=SUCCEEDED").body().size() >= 2);
    for (JsonNode i : api.get("/api/v1/instances?jobId=" + jobId + "&status=SUCCEEDED").body()) {
      assertThat(i.get("fireAt").asLong() % 1000).as("cron fires on whole seconds").isZero();
    }
    api.post("/api/v1/jobs/" + jobId + "/disable", null);
  }

  @Test
  void apiRunReachesSucceededWithTheProcessorsResult() {
    long jobId = createJob(job("on-demand", "API", "", "echo", "default params"));
    Api.Response run = api.post("/api/v1/jobs/" + jobId + "/run", Map.of("params", "settle order 7"));
    assertThat(run.status()).isEqualTo(202);
    JsonNode done = awaitEnded(run.body().get("instanceId").asLong());
    assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("result").asText()).isEqualTo("settle order 7");
    assertThat(done.get("triggerType").asText()).isEqualTo("API");
    assertThat(done.get("jobId").asLong()).isEqualTo(jobId);
    assertThat(done.get("app").asText()).isEqualTo("orders");

    JsonNode withDefaults = awaitEnded(api.post("/api/v1/jobs/" + jobId + "/run", null).body()
        .get("instanceId").asLong());
    assertThat(withDefaults.get("result").asText()).isEqualTo("default params");
  }

  @Test
  void repeatedIdempotencyKeyCreatesOneInstance() {
    long jobId = createJob(job("idempotent", "API", "", "echo", "once"));
    Map<String, String> key = Map.of("Idempotency-Key", "payment-991");
    long first = api.post("/api/v1/jobs/" + jobId + "/run", Map.of(), key).body().get("instanceId").asLong();
    long second = api.post("/api/v1/jobs/" + jobId + "/run", Map.of(), key).body().get("instanceId").asLong();
    assertThat(second).isEqualTo(first);
    awaitEnded(first);
    assertThat(api.get("/api/v1/instances?jobId=" + jobId).body().size()).isEqualTo(1);
  }

  @Test
  void throwingProcessorEndsFailedWithTheExceptionMessage() {
    long jobId = createJob(job("throws", "API", "", "boom", null));
    JsonNode done = awaitEnded(api.post("/api/v1/jobs/" + jobId + "/run", null).body().get("instanceId").asLong());
    assertThat(done.get("status").asText()).isEqualTo("FAILED");
    assertThat(done.get("result").asText()).contains("card declined for order 42");
  }

  @Test
  void unknownProcessorEndsFailedWithAClearReason() {
    long jobId = createJob(job("no-such-processor", "API", "", "settle-v2", null));
    JsonNode done = awaitEnded(api.post("/api/v1/jobs/" + jobId + "/run", null).body().get("instanceId").asLong());
    assertThat(done.get("status").asText()).isEqualTo("FAILED");
    assertThat(done.get("result").asText()).contains("unknown processor").contains("settle-v2");
  }

  @Test
  void instancesListNewestFirstAndPages() {
    long jobId = createJob(job("paged", "API", "", "echo", "p"));
    List<Long> ids = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      ids.add(api.post("/api/v1/jobs/" + jobId + "/run", null).body().get("instanceId").asLong());
    }
    ids.forEach(WalkingSkeletonTest::awaitEnded);
    JsonNode page1 = api.get("/api/v1/instances?jobId=" + jobId + "&limit=2").body();
    assertThat(page1.size()).isEqualTo(2);
    assertThat(page1.get(0).get("id").asLong()).isEqualTo(ids.get(2));
    assertThat(page1.get(1).get("id").asLong()).isEqualTo(ids.get(1));
    JsonNode page2 = api.get("/api/v1/instances?jobId=" + jobId + "&limit=2&before=" + ids.get(1)).body();
    assertThat(page2.size()).isEqualTo(1);
    assertThat(page2.get(0).get("id").asLong()).isEqualTo(ids.get(0));
  }

  @Test
  void clusterAndHealthDescribeTheServer() {
    JsonNode cluster = api.get("/api/v1/cluster").body();
    assertThat(cluster.get("servers").size()).isEqualTo(1);
    assertThat(cluster.get("servers").get(0).get("id").asText()).isEqualTo("s1");
    assertThat(cluster.get("servers").get(0).get("apps").toString()).contains("orders");
    JsonNode app = cluster.get("apps").get(0);
    assertThat(app.get("name").asText()).isEqualTo("orders");
    assertThat(app.get("leader").asText()).isEqualTo("s1");
    assertThat(app.get("epoch").asLong()).isPositive();
    assertThat(app.get("workers").asInt()).isEqualTo(1);

    Api.Response health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().get("status").asText()).isEqualTo("UP");
    assertThat(health.body().get("ledApps").toString()).contains("orders");

    JsonNode workers = api.get("/api/v1/apps/orders/workers").body();
    assertThat(workers.size()).isEqualTo(1);
    assertThat(workers.get(0).get("id").asText()).isEqualTo("w1");
  }
}
