package io.drover.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.Transition;
import io.drover.scheduler.instance.TriggerType;
import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.ScheduleType;
import io.drover.scheduler.testsupport.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write-behind lanes: each instance's changes applied in order, whichever lane has them; its attempt once. */
class TransitionWriterTest {
  /** Texts written as literals ({@link SqlLiterals}) must come back as they were, quotes and all. */
  private static final String PARAMS = "{\"q\":\"it's \\\"quoted\\\"\"}";

  private static String result(long id) {
    return "r" + id + ": it's \\ 'done' 日本 🎉";
  }

  @Test
  void everyInstanceEndsInItsLastStatusWithItsAttemptRecorded() {
    TestDatabase.Db tdb = TestDatabase.fresh("writer");
    try (Database db = Database.open(tdb.url(), tdb.user(), tdb.password(), 4)) {
      App app = new AppStore(db).create("writer", "writer-secret", 1);
      Job job = new JobStore(db).create(new Job(null, app.id(), app.name(), "job", null, ScheduleType.API, null,
          "UTC", "echo", null, ExecutionMode.STANDALONE, "LEAST_LOADED", null, 0, "ALLOW", 0, 1, 1000, "FIRE_ONCE",
          true, null, 0, 1, 1, null, null));
      InstanceStore store = new InstanceStore(db);
      int n = 999; // odd ids and even: both lanes; batches that are no power of two
      List<Instance> rows = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        rows.add(new Instance(10_000 + k, job.id(), app.id(), app.name(), "A:" + k + "'", 1, TriggerType.API, PARAMS,
            InstanceStatus.WAITING_DISPATCH, 1, null, 1, null, 1, null, null, null));
      }
      assertThat(store.insertRuns(rows)).allMatch(InstanceStore.Created::created);

      try (TransitionWriter writer = new TransitionWriter(store)) {
        for (Instance i : rows) {
          long id = i.id();
          boolean fails = id % 3 == 0;
          InstanceStatus end = fails ? InstanceStatus.FAILED : InstanceStatus.SUCCEEDED;
          writer.submit(Transition.dispatched(id, "w" + id % 2, 2));
          writer.submit(Transition.running(id, "w" + id % 2, 3));
          writer.submit(Transition.finished(id, end, "w" + id % 2, result(id), 4));
          writer.submit(new AttemptRecord(id, 1, "w" + id % 2, end, result(id), 2L, 3L, 4));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.backlog() == 0);
      } // close: what is queued or in a lane's hands is written

      for (Instance i : store.find(new InstanceQuery(null, "writer", null, null, 1_000))) {
        InstanceStatus expected = i.id() % 3 == 0 ? InstanceStatus.FAILED : InstanceStatus.SUCCEEDED;
        assertThat(i.status()).as("instance %d", i.id()).isEqualTo(expected);
        assertThat(i.worker()).isEqualTo("w" + i.id() % 2);
        assertThat(i.result()).isEqualTo(result(i.id()));
        assertThat(i.params()).isEqualTo(PARAMS);
        assertThat(i.triggerKey()).endsWith("'");
        assertThat(i.finishedAt()).isEqualTo(4L);
        assertThat(store.attempts(i)).singleElement().satisfies(a -> {
          assertThat(a.status()).isEqualTo(expected);
          assertThat(a.result()).isEqualTo(result(i.id()));
        });
      }
      assertThat(store.find(new InstanceQuery(null, "writer", null, null, 1_000))).hasSize(n);
    }
  }
}
