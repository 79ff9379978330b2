package io.drover.scheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.scheduler.id.IdGenerator;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.metrics.DroverMetrics;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.AppStore;
import io.drover.scheduler.store.Database;
import io.drover.scheduler.store.InstanceStore;
import io.drover.scheduler.store.JobStore;
import io.drover.scheduler.testsupport.TestDatabase;
import io.netty.util.HashedWheelTimer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The trigger loop's cost follows what is due: 100,000 idle jobs are never read. */
class TriggerLoopDueRowsTest {

  @Test
  void tickReadsOnlyTheDueJobsAmongAHundredThousand() throws Exception {
    TestDatabase.Db tdb = TestDatabase.fresh("dueRows");
    try (Database db = Database.open(tdb.url(), tdb.user(), tdb.password(), 4)) {
      long now = System.currentTimeMillis();
      AppStore apps = new AppStore(db);
      App app = apps.create("bulk", "bulk-secret", now);
      assertThat(apps.bumpEpoch(app.id(), "s1")).isEqualTo(1); // fires are fenced by the leader's epoch
      insertJobs(tdb, app.id(), now);

      JobStore jobs = new JobStore(db);
      RecordingTarget target = new RecordingTarget(app.id());
      List<Instance> fired = target.fired;
      HashedWheelTimer wheel = new HashedWheelTimer(1, TimeUnit.MILLISECONDS);
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      try (DroverMetrics metrics = new DroverMetrics();
           FireBatcher batcher = new FireBatcher(new InstanceStore(db), new IdGenerator(1, System::currentTimeMillis),
               System::currentTimeMillis, 60_000, metrics, 2, () -> 0);
           TriggerLoop loop = new TriggerLoop("bulk", target, jobs, batcher, wheel, ticker,
               System::currentTimeMillis, 100, 500, 0)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> fired.size() == 10);
        long afterFires = loop.rowsRead();
        // the window read the 10 due rows once; the edited-jobs read saw them again (created seconds ago) until they
        // fired; nothing read the 100,000 others
        assertThat(afterFires).isBetween(10L, 10L * 200);
        // once fired (next fire an hour away) nothing is due: later ticks read nothing
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(loop.rowsRead()).isLessThanOrEqualTo(afterFires + 10);
        assertThat(fired).extracting(Instance::jobId).doesNotHaveDuplicates();
      } finally {
        wheel.stop();
        ticker.shutdownNow();
      }
    }
  }

  /** 50,000 disabled jobs that are overdue, 50,000 enabled far in the future, 10 due now; multi-row inserts. */
  private static void insertJobs(TestDatabase.Db tdb, long appId, long now) throws Exception {
    try (Connection c = DriverManager.getConnection(tdb.url(), tdb.user(), tdb.password());
         Statement s = c.createStatement()) {
      int n = 0;
      for (int batch = 0; batch < 20; batch++) {
        StringBuilder sql = new StringBuilder("INSERT INTO job (app_id, name, schedule_type, schedule_expr, processor,"
            + " enabled, next_fire_at, created_at, updated_at) VALUES ");
        for (int k = 0; k < 5000; k++, n++) {
          boolean disabled = n % 2 == 0;
          long next = disabled ? now - 60_000 : now + 86_400_000L;
          sql.append(k == 0 ? "" : ",").append("(").append(appId).append(",'idle-").append(n)
              .append("','FIXED_RATE','3600000','echo',").append(disabled ? 0 : 1).append(',').append(next)
              .append(',').append(now).append(',').append(now).append(')');
        }
        s.executeUpdate(sql.toString());
      }
      StringBuilder due = new StringBuilder("INSERT INTO job (app_id, name, schedule_type, schedule_expr, processor,"
          + " enabled, next_fire_at, created_at, updated_at) VALUES ");
      for (int k = 0; k < 10; k++) {
        due.append(k == 0 ? "" : ",").append("(").append(appId).append(",'due-").append(k)
            .append("','FIXED_RATE','3600000','echo',1,").append(now + 300).append(',').append(now).append(',')
            .append(now).append(')');
      }
      s.executeUpdate(due.toString());
    }
  }
}
