package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: lines a processor writes with {@code ctx.log()} travel in LOG frames to the leader, are stored, and
 * come back in order through {@code GET /instances/{id}/log} on a server that is not the leader.
 */
class ProcessorLogTest {
  private static TestCluster cluster;
  private static Api follower;
  private static long jobId;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("plog");
    DroverServer a = cluster.startServer("a");
    DroverServer b = cluster.startServer("b");
    assertThat(cluster.api(a).post("/api/v1/apps", Map.of("name", "plog", "secret", "plog-secret")).status())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leaders().leads("plog") || b.leaders().leads("plog"));
    DroverServer leader = a.leaders().leads("plog") ? a : b;
    DroverServer other = leader == a ? b : a;
    follower = cluster.api(other);
    Worker w = cluster.startWorker(Worker.builder().app("plog").secret("plog-secret").workerId("logger")
        .servers(cluster.transportAddress(other)) // redirected to the leader
        .processor("chatty", ctx -> {
          int n = Integer.parseInt(ctx.params());
          for (int i = 1; i <= n; i++) {
            ctx.log().info("line {} of {}", i, n);
          }
          ctx.log().warn("almost done");
          ctx.log().error("failed once", new IllegalStateException("boom"));
          return Result.ok("wrote " + n);
        }));
    assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();
    jobId = follower.post("/api/v1/jobs", Map.of("app", "plog", "name", "chatty", "scheduleType", "API",
        "processor", "chatty")).body().get("id").asLong();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void processorLinesComeBackInOrderFromANonLeader() {
    int n = 1200; // more than one LOG frame (500 lines) and more than one API page (500)
    long id = follower.post("/api/v1/jobs/" + jobId + "/run", Map.of("params", Integer.toString(n))).body()
        .get("instanceId").asLong();
    await().atMost(Duration.ofSeconds(15)).until(() -> follower.get("/api/v1/instances/" + id).body()
        .get("status").asText().equals("SUCCEEDED"));

    List<JsonNode> lines = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode page = follower.get("/api/v1/instances/" + id + "/log?after=" + lines.stream()
          .mapToLong(l -> l.get("seq").asLong()).max().orElse(0)).body();
      page.get("lines").forEach(lines::add);
      return lines.size() >= n + 2;
    });
    assertThat(lines).hasSize(n + 2);
    for (int i = 0; i < n; i++) {
      assertThat(lines.get(i).get("line").asText()).isEqualTo("line " + (i + 1) + " of " + n);
      assertThat(lines.get(i).get("level").asText()).isEqualTo("INFO");
      assertThat(lines.get(i).get("worker").asText()).isEqualTo("logger");
    }
    assertThat(lines.get(n).get("level").asText()).isEqualTo("WARN");
    assertThat(lines.get(n + 1).get("level").asText()).isEqualTo("ERROR");
    assertThat(lines.get(n + 1).get("line").asText()).startsWith("failed once").contains("IllegalStateException: boom");
    for (int i = 1; i < lines.size(); i++) {
      assertThat(lines.get(i).get("seq").asLong()).isGreaterThan(lines.get(i - 1).get("seq").asLong());
    }
  }
}
