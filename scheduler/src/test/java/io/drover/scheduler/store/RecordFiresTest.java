package io.drover.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.TriggerType;
import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.ScheduleType;
import io.drover.scheduler.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One batch of fires: per-job compare-and-set results are read correctly, losers create nothing. */
class RecordFiresTest {

  @Test
  void batchOfFiresCreatesOnlyTheWinnersAndNeverTwice() {
    TestDatabase.Db tdb = TestDatabase.fresh("fires");
    try (Database db = Database.open(tdb.url(), tdb.user(), tdb.password(), 2)) {
      AppStore apps = new AppStore(db);
      App app = apps.create("fires", "fires-secret", 1);
      assertThat(apps.bumpEpoch(app.id(), "s1")).isEqualTo(1); // this server leads at epoch 1
      JobStore jobs = new JobStore(db);
      InstanceStore store = new InstanceStore(db);
      List<Fire> fires = new ArrayList<>();
      for (int k = 0; k < 100; k++) { // 100 fires: the multi-row compare-and-set (small batches go row by row)
        Job j = jobs.create(new Job(null, app.id(), app.name(), "job-" + k, null, ScheduleType.FIXED_RATE, "1000",
            "UTC", "echo", null, ExecutionMode.STANDALONE, "LEAST_LOADED", null, 0, "ALLOW", 0, 1, 1000,
            "FIRE_ONCE", true, 10_000L, 0, 1, 1, null, null));
        // every fifth fire expects a stale next fire time: another leader moved it already
        long expected = k % 5 == 0 ? 9_000 : 10_000;
        fires.add(new Fire(j.id(), expected, 11_000L, new Instance(1_000 + k, j.id(), app.id(), app.name(),
            Instance.scheduleKey(expected), expected, TriggerType.SCHEDULE, null, InstanceStatus.WAITING_DISPATCH, 1,
            null, 1, null, 1, null, null, null)));
      }
      List<Instance> created = store.recordFires(fires);
      assertThat(created).hasSize(80);
      assertThat(created).allMatch(i -> i.fireAt() == 10_000);
      assertThat(jobs.all()).allMatch(j -> j.nextFireAt() == (j.name().matches("job-\\d*[05]") ? 10_000 : 11_000));
      // the same fires again (a zombie replaying its batch): every compare-and-set fails, nothing is created
      assertThat(store.recordFires(fires)).isEmpty();
      assertThat(store.find(new InstanceQuery(null, "fires", null, null, 1000))).hasSize(80);

      // a new leader took the app (epoch 2): fires made at epoch 1, even with a winning compare-and-set, are fenced
      assertThat(apps.bumpEpoch(app.id(), "s2")).isEqualTo(2);
      List<Fire> stale = new ArrayList<>();
      for (Job j : jobs.all()) {
        if (j.nextFireAt() == 11_000) {
          stale.add(new Fire(j.id(), 11_000, 12_000L, new Instance(5_000 + j.id(), j.id(), app.id(), app.name(),
              Instance.scheduleKey(11_000), 11_000, TriggerType.SCHEDULE, null, InstanceStatus.WAITING_DISPATCH, 1,
              null, 1, null, 1, null, null, null)));
        }
      }
      assertThat(stale).hasSize(80);
      assertThat(store.recordFires(stale)).isEmpty();
      assertThat(jobs.all()).noneMatch(j -> j.nextFireAt() == 12_000);
    }
  }
}
