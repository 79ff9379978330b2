package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.scheduler.embedded.EmbeddedMariaDb;
import io.drover.scheduler.testsupport.TestDatabase;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database outage: the server stays up and says so (health 503, error JSON), loses no state change (every
 * instance ends SUCCEEDED afterwards), creates no duplicate fire, and fires resume by the misfire policy.
 */
class DatabaseOutageTest {

  @Test
  void serverRidesOutADatabaseOutageAndLosesNothing(@TempDir Path dir) throws Exception {
    EmbeddedMariaDb db = EmbeddedMariaDb.start(dir, 0);
    int port = db.port();
    db.createDatabase("drover");
    TestDatabase.Db conn = new TestDatabase.Db(db.jdbcUrl("drover"), "root", "");
    try (TestCluster cluster = new TestCluster(conn)) {
      DroverServer server = cluster.startServer("s1", Map.of("drover.db.pool-size", "2"));
      Api api = cluster.api(server);
      assertThat(api.post("/api/v1/apps", Map.of("name", "dbo", "secret", "dbo-secret")).status()).isEqualTo(201);
      long jobId = api.post("/api/v1/jobs", Map.of("app", "dbo", "name", "tick", "scheduleType", "FIXED_RATE",
          "scheduleExpr", "500", "processor", "echo")).body().get("id").asLong();
      Worker w = cluster.startWorker(Worker.builder().app("dbo").secret("dbo-secret").workerId("w")
          .servers(cluster.transportAddress(server)).processor("echo", ctx -> Result.ok("ok")));
      assertThat(w.awaitConnected(Duration.ofSeconds(15))).isTrue();
      await().atMost(Duration.ofSeconds(15)).until(() -> api.instances(jobId).size() >= 2);

      db.close();
      await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/health").status() == 503);
      JsonNode health = api.get("/health").body();
      assertThat(health.get("database").asText()).isEqualTo("DOWN");
      Api.Response during = api.get("/api/v1/jobs/" + jobId);
      assertThat(during.status()).isEqualTo(503);
      assertThat(during.errorCode().asText()).isEqualTo("DATABASE_UNAVAILABLE");

      db = EmbeddedMariaDb.start(dir, port);
      await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/health").status() == 200);
      int after = api.instances(jobId).size();
      await().atMost(Duration.ofSeconds(20)).until(() -> api.instances(jobId).size() >= after + 3);
      assertThat(api.post("/api/v1/jobs/" + jobId + "/disable", null).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> api.instances(jobId).stream()
          .allMatch(i -> i.get("status").asText().equals("SUCCEEDED")));
      List<Long> fires = api.instances(jobId).stream().map(i -> i.get("fireAt").asLong()).sorted().toList();
      assertThat(fires).doesNotHaveDuplicates();
      // The outage outlasts the misfire threshold (the health checks wait on the pool's connect timeout), so the
      // default FIRE_ONCE policy collapses the missed fires into one: at most one longer gap, phase kept.
      List<Long> gaps = new ArrayList<>();
      for (int k = 1; k < fires.size(); k++) {
        gaps.add(fires.get(k) - fires.get(k - 1));
      }
      assertThat(gaps).as("gaps " + gaps).allMatch(g -> g % 500 == 0);
      assertThat(gaps.stream().filter(g -> g > 500).count()).as("gaps " + gaps).isLessThanOrEqualTo(1);
    } finally {
      db.close();
    }
  }
}
