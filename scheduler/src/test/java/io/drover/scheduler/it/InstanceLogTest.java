package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.protocol.LogBatch;
import io.drover.scheduler.DroverServer;
import io.drover.scheduler.auth.TokenScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instance logs: lines the leader's writer takes come back through {@code GET /instances/{id}/log} of any server,
 * in order, page by page.
 */
class InstanceLogTest {
  private static TestCluster cluster;
  private static DroverServer leader;
  private static Api follower;
  private static long jobId;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("logs");
    DroverServer a = cluster.startServer("a");
    DroverServer b = cluster.startServer("b");
    Api api = cluster.api(a);
    assertThat(api.post("/api/v1/apps", Map.of("name", "logs", "secret", "logs-secret")).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leaders().leads("logs") || b.leaders().leads("logs"));
    leader = a.leaders().leads("logs") ? a : b;
    follower = cluster.api(leader == a ? b : a);
    jobId = api.post("/api/v1/jobs", Map.of("app", "logs", "name", "talk", "scheduleType", "API",
        "processor", "log")).body().get("id").asLong();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long newInstance() {
    Api.Response r = cluster.api(leader).post("/api/v1/jobs/" + jobId + "/run", Map.of("params", "3"));
    assertThat(r.status()).as("%s", r.body()).isEqualTo(202);
    return r.body().get("instanceId").asLong();
  }

  private static List<LogBatch.Line> lines(long instanceId, int from, int count) {
    List<LogBatch.Line> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(new LogBatch.Line(instanceId, 1_000_000L + i, i % 2 == 0 ? "INFO" : "WARN", "line " + i));
    }
    return out;
  }

  @Test
  void linesComeBackInOrderFromAServerThatDoesNotLeadTheApp() {
    long mine = newInstance();
    long other = newInstance();
    assertThat(leader.logWriter().offer("w-1", lines(mine, 0, 700))).isTrue();
    assertThat(leader.logWriter().offer("w-2", lines(other, 0, 50))).isTrue();
    assertThat(leader.logWriter().offer("w-1", lines(mine, 700, 500))).isTrue();

    await().atMost(Duration.ofSeconds(15)).until(() ->
        follower.get("/api/v1/instances/" + mine + "/log?limit=5000").body().get("lines").size() == 1200);
    JsonNode all = follower.get("/api/v1/instances/" + mine + "/log?limit=5000").body();
    List<String> text = new ArrayList<>();
    long previous = 0;
    for (JsonNode l : all.get("lines")) {
      text.add(l.get("line").asText());
      assertThat(l.get("seq").asLong()).isGreaterThan(previous);
      previous = l.get("seq").asLong();
    }
    assertThat(text).containsExactlyElementsOf(lines(mine, 0, 1200).stream().map(LogBatch.Line::line).toList());
    JsonNode first = all.get("lines").get(0);
    assertThat(first.get("ts").asLong()).isEqualTo(1_000_000L);
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("worker").asText()).isEqualTo("w-1");
    assertThat(all.get("next").asLong()).isEqualTo(previous);

    // paging: the default limit is 500; next is the cursor of the following page
    List<String> paged = new ArrayList<>();
    long after = 0;
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      JsonNode page = follower.get("/api/v1/instances/" + mine + "/log?after=" + after).body();
      sizes.add(page.get("lines").size());
      page.get("lines").forEach(l -> paged.add(l.get("line").asText()));
      if (page.get("lines").isEmpty()) {
        assertThat(page.get("next").asLong()).as("no more lines: next stays at after").isEqualTo(after);
        break;
      }
      after = page.get("next").asLong();
    }
    assertThat(sizes).containsExactly(500, 500, 200, 0);
    assertThat(paged).isEqualTo(text);
    assertThat(follower.get("/api/v1/instances/" + mine + "/log?after=" + after + "&limit=10").body()
        .get("lines")).isEmpty();
    JsonNode three = follower.get("/api/v1/instances/" + mine + "/log?limit=3").body();
    assertThat(three.get("lines").size()).isEqualTo(3);
    assertThat(three.get("next").asLong()).isEqualTo(three.get("lines").get(2).get("seq").asLong());

    await().atMost(Duration.ofSeconds(15)).until(() ->
        follower.get("/api/v1/instances/" + other + "/log").body().get("lines").size() == 50);
    assertThat(follower.get("/api/v1/instances/" + other + "/log").body().findValuesAsText("worker"))
        .containsOnly("w-2");
  }

  @Test
  void logOfAnUnknownInstanceIs404AndBadPagingIs400() {
    long id = newInstance();
    assertThat(follower.get("/api/v1/instances/987654321/log").status()).isEqualTo(404);
    assertThat(follower.get("/api/v1/instances/" + id + "/log?limit=0").status()).isEqualTo(400);
    assertThat(follower.get("/api/v1/instances/" + id + "/log?limit=5001").status()).isEqualTo(400);
    assertThat(follower.get("/api/v1/instances/" + id + "/log?after=-1").status()).isEqualTo(400);
    assertThat(follower.get("/api/v1/instances/" + id + "/log?limit=5000").status()).isEqualTo(200);
    JsonNode empty = follower.get("/api/v1/instances/" + id + "/log?after=42").body();
    assertThat(empty.get("lines")).isEmpty();
    assertThat(empty.get("next").asLong()).isEqualTo(42);
  }

  @Test
  void anAppTokenReadsItsOwnAppsLogs() {
    long id = newInstance();
    assertThat(leader.logWriter().offer("w-1", lines(id, 0, 2))).isTrue();
    Api own = follower.withToken(cluster.createToken("logs-reader", TokenScope.forApp("logs")));
    await().atMost(Duration.ofSeconds(15)).until(() ->
        own.get("/api/v1/instances/" + id + "/log").body().get("lines").size() == 2);
    Api stranger = follower.withToken(cluster.createToken("stranger", TokenScope.forApp("elsewhere")));
    Api.Response refused = stranger.get("/api/v1/instances/" + id + "/log");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().has("lines")).isFalse();
  }
}
