package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fire batch large enough for the multi-row compare-and-set (300 one-shot jobs due at the same moment) while other
 * jobs are being created: job inserts share-lock the app row that fire batches fence on, and once deadlocked with
 * them. Every creation must succeed and every one-shot job must fire exactly once.
 */
class FireBatchUnderJobCreationTest {
  private static final int DUE_TOGETHER = 300;
  private static final int CREATED_DURING = 120;

  @Test
  void aLargeFireBatchAndConcurrentJobCreationNeitherFailNorDeadlock() throws Exception {
    try (TestCluster cluster = new TestCluster("firebatch")) {
      DroverServer server = cluster.startServer("s1");
      Api api = cluster.api(server);
      assertThat(api.post("/api/v1/apps", Map.of("name", "burst", "secret", "burst-secret")).status())
          .isEqualTo(201);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads("burst"));
      Worker w = cluster.startWorker(Worker.builder().app("burst").secret("burst-secret").workerId("w1")
          .capacity(64).servers(cluster.transportAddress(server)).processor("noop", ctx -> Result.ok("")));
      assertThat(w.awaitConnected(Duration.ofSeconds(10))).isTrue();

      long at = System.currentTimeMillis() + 6_000;
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> oneShots = new ArrayList<>();
        for (int i = 0; i < DUE_TOGETHER; i++) {
          String name = "due-" + i;
          oneShots.add(pool.submit(() -> api.post("/api/v1/jobs", Map.of("app", "burst", "name", name,
              "scheduleType", "ONE_SHOT", "scheduleExpr", Long.toString(at), "processor", "noop")).status()));
        }
        for (Future<Integer> f : oneShots) {
          assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(201);
        }
        assertThat(System.currentTimeMillis()).as("the one-shot jobs were created before their moment")
            .isLessThan(at - 500);
        // keep creating jobs across the moment the 300 fire together
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() >= at - 400);
        List<Future<Integer>> during = new ArrayList<>();
        for (int i = 0; i < CREATED_DURING; i++) {
          String name = "during-" + i;
          during.add(pool.submit(() -> api.post("/api/v1/jobs", Map.of("app", "burst", "name", name,
              "scheduleType", "FIXED_RATE", "scheduleExpr", "300", "processor", "noop")).status()));
        }
        for (Future<Integer> f : during) {
          assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(201);
        }
      } finally {
        pool.shutdownNow();
      }

      try (Connection c = DriverManager.getConnection(cluster.db().url(), cluster.db().user(),
          cluster.db().password())) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(c, "SELECT COUNT(*) FROM instance i JOIN job j"
            + " ON j.id = i.job_id WHERE j.name LIKE 'due-%' AND i.status = 'SUCCEEDED'") == DUE_TOGETHER);
        assertThat(count(c, "SELECT COUNT(*) FROM (SELECT job_id FROM instance GROUP BY job_id, trigger_key"
            + " HAVING COUNT(*) > 1) d")).isZero();
        assertThat(count(c, "SELECT COUNT(*) FROM instance i JOIN job j ON j.id = i.job_id"
            + " WHERE j.name LIKE 'due-%' AND i.fire_at <> " + at)).isZero();
      }
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
