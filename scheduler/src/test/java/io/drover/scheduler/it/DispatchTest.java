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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Strategies and selectors with three real workers; no eligible worker ends the instance with the reason. */
class DispatchTest {
  private static TestCluster cluster;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("dispatch");
    DroverServer server = cluster.startServer("s1", Map.of("drover.dispatch.no-worker-timeout-ms", "1000"));
    api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "disp", "secret", "disp-secret")).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads("disp"));
    String[][] workers = {{"w-a", "zone=a"}, {"w-b", "zone=b"}, {"w-c", "zone=c,gpu=true"}};
    for (String[] w : workers) {
      Worker worker = cluster.startWorker(Worker.builder().app("disp").secret("disp-secret").workerId(w[0])
          .labels(labels(w[1])).capacity(8).servers(cluster.transportAddress(server))
          .processor("who", ctx -> Result.ok(ctx.workerId())));
      assertThat(worker.awaitConnected(Duration.ofSeconds(10))).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.workers().count("disp") == 3);
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : text.split(",")) {
      String[] p = kv.split("=");
      m.put(p[0], p[1]);
    }
    return m;
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long job(String name, String strategy, String selector) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("app", "disp");
    j.put("name", name);
    j.put("scheduleType", "API");
    j.put("processor", "who");
    if (strategy != null) {
      j.put("dispatchStrategy", strategy);
    }
    if (selector != null) {
      j.put("workerSelector", selector);
    }
    Api.Response r = api.post("/api/v1/jobs", j);
    assertThat(r.status()).as("create %s: %s", name, r.body()).isEqualTo(201);
    return r.body().get("id").asLong();
  }

  /** Runs the job n times, one after the other, and returns the worker each run ran on. */
  private static List<String> runs(long jobId, int n) {
    List<String> ranOn = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long id = api.post("/api/v1/jobs/" + jobId + "/run", null).body().get("instanceId").asLong();
      JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/instances/" + id).body(),
          b -> b.get("status").asText().equals("SUCCEEDED") || b.get("status").asText().equals("FAILED"));
      assertThat(done.get("status").asText()).as("run %d: %s", i, done).isEqualTo("SUCCEEDED");
      assertThat(done.get("result").asText()).isEqualTo(done.get("worker").asText());
      ranOn.add(done.get("worker").asText());
    }
    return ranOn;
  }

  @Test
  void labelSelectorsAndDesignatedWorkersAreHonoured() {
    assertThat(new HashSet<>(runs(job("zone-b", null, "zone=b"), 5))).containsExactly("w-b");
    assertThat(new HashSet<>(runs(job("not-a-not-c", "RANDOM", "zone!=a,zone!=c"), 3))).containsExactly("w-b");
  }

  @Test
  void designatedWorkerIds() {
    assertThat(new HashSet<>(runs(job("designated", "ROUND_ROBIN", "id=w-a|w-c"), 6)))
        .containsExactlyInAnyOrder("w-a", "w-c");
  }

  @Test
  void roundRobinTakesEachWorkerInTurn() {
    List<String> order = runs(job("rr", "ROUND_ROBIN", null), 6);
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrder("w-a", "w-b", "w-c");
    assertThat(order.subList(3, 6)).isEqualTo(order.subList(0, 3));
  }

  @Test
  void consistentHashKeepsAJobOnOneWorker() {
    assertThat(new HashSet<>(runs(job("sticky", "CONSISTENT_HASH", null), 6))).hasSize(1);
  }

  @Test
  void randomUsesMoreThanOneWorker() {
    assertThat(new HashSet<>(runs(job("random", "RANDOM", null), 15))).hasSizeGreaterThan(1);
  }

  @Test
  void noEligibleWorkerEndsTheInstanceWithTheReason() {
    long jobId = job("nowhere", null, "zone=z");
    long id = api.post("/api/v1/jobs/" + jobId + "/run", null).body().get("instanceId").asLong();
    JsonNode done = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/instances/" + id).body(),
        b -> b.get("status").asText().equals("FAILED"));
    assertThat(done.get("result").asText()).startsWith("no eligible worker")
        .contains("matches workerSelector 'zone=z'");
    // meanwhile other jobs were not held up behind it
    assertThat(runs(job("after-nowhere", null, "zone=a"), 1)).containsExactly("w-a");
  }

  @Test
  void badStrategiesAndSelectorsAreRefused() {
    Map<String, Object> j = new LinkedHashMap<>(Map.of("app", "disp", "name", "bad", "scheduleType", "API",
        "processor", "who", "dispatchStrategy", "FASTEST"));
    Api.Response r = api.post("/api/v1/jobs", j);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().toString()).contains("dispatchStrategy must be one of");
    j.put("dispatchStrategy", "RANDOM");
    j.put("workerSelector", "zone");
    r = api.post("/api/v1/jobs", j);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().toString()).contains("must be key=value");
  }
}
