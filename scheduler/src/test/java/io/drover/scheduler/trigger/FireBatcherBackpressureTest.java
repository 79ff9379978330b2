package io.drover.scheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.scheduler.id.IdGenerator;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.ScheduleType;
import io.drover.scheduler.metrics.DroverMetrics;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.AppStore;
import io.drover.scheduler.store.Database;
import io.drover.scheduler.store.InstanceQuery;
import io.drover.scheduler.store.InstanceStore;
import io.drover.scheduler.store.JobStore;
import io.drover.scheduler.testsupport.TestDatabase;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * While the instance state writes are too far behind, fires wait instead of being recorded (late, not lost); they are
 * recorded, each once, when the writes have caught up to half the limit.
 */
class FireBatcherBackpressureTest {

  @Test
  void firesWaitWhileWritesAreBehindAndAreRecordedOnceWhenTheyCatchUp() throws Exception {
    TestDatabase.Db tdb = TestDatabase.fresh("backpressure");
    try (Database db = Database.open(tdb.url(), tdb.user(), tdb.password(), 4)) {
      long now = System.currentTimeMillis();
      AppStore apps = new AppStore(db);
      App app = apps.create("held", "held-secret", now);
      assertThat(apps.bumpEpoch(app.id(), "s1")).isEqualTo(1);
      JobStore jobs = new JobStore(db);
      for (int k = 0; k < 5; k++) {
        jobs.create(new Job(null, app.id(), app.name(), "job-" + k, null, ScheduleType.FIXED_RATE, "3600000", "UTC",
            "echo", null, ExecutionMode.STANDALONE, "LEAST_LOADED", null, 0, "ALLOW", 0, 1, 1000, "FIRE_ONCE", true,
            now + 300, 0, 1, 1, null, null));
      }
      RecordingTarget target = new RecordingTarget(app.id());
      List<Instance> fired = target.fired;
      AtomicInteger backlog = new AtomicInteger(FireBatcher.MAX_WRITE_BACKLOG + 1);
      InstanceStore instances = new InstanceStore(db);
      HashedWheelTimer wheel = new HashedWheelTimer(1, TimeUnit.MILLISECONDS);
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      try (DroverMetrics metrics = new DroverMetrics();
           FireBatcher batcher = new FireBatcher(instances, new IdGenerator(1, System::currentTimeMillis),
               System::currentTimeMillis, 60_000, metrics, 2, backlog::get);
           TriggerLoop loop = new TriggerLoop("held", target, jobs, batcher, wheel, ticker,
               System::currentTimeMillis, 100, 500, 100)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.rowsRead() >= 5); // the fires are planned
        // the fires' moment passes: nothing is recorded while the writes are behind
        await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(fired).isEmpty();
        assertThat(instances.find(new InstanceQuery(null, "held", null, null, 100))).isEmpty();
        // below the limit but above half of it: still waiting, so that recording does not flap at the limit
        backlog.set(FireBatcher.MAX_WRITE_BACKLOG / 2 + 1);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(fired).isEmpty();

        backlog.set(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 5);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(fired).hasSize(5).extracting(Instance::jobId).doesNotHaveDuplicates();
        assertThat(fired).allMatch(i -> i.fireAt() == now + 300); // late, and recorded for its planned moment
        assertThat(instances.find(new InstanceQuery(null, "held", null, null, 100))).hasSize(5);
      } finally {
        wheel.stop();
        ticker.shutdownNow();
      }
    }
  }
}
