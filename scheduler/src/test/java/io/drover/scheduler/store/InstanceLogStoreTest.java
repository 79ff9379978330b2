package io.drover.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.LogBatch;
import io.drover.scheduler.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The instance log writer and store on a real database: batching, back-pressure, draining, retention. */
class InstanceLogStoreTest {
  private static final long NOW = 1_800_000_000_000L;
  private static Database db;

  @BeforeAll
  static void open() {
    TestDatabase.Db d = TestDatabase.fresh("logstore");
    db = Database.open(d.url(), d.user(), d.password(), 2);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static List<LogBatch.Line> lines(long instanceId, long ts, int count) {
    List<LogBatch.Line> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new LogBatch.Line(instanceId, ts, "INFO", "line " + i));
    }
    return out;
  }

  private static long count(String where) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM instance_log WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void closeWritesEverythingQueuedBeforeItReturns() throws Exception {
    InstanceLogWriter writer = new InstanceLogWriter(db);
    for (int i = 0; i < 6; i++) {
      assertThat(writer.offer("w", lines(101, NOW, 1_000))).isTrue();
    }
    writer.close();
    assertThat(writer.written()).isEqualTo(6_000);
    assertThat(count("instance_id = 101")).isEqualTo(6_000);
    assertThat(writer.offer("w", lines(101, NOW, 1))).as("closed writers take nothing").isFalse();
    assertThat(count("instance_id = 101")).isEqualTo(6_000);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    InstanceLogWriter writer = new InstanceLogWriter(db, 10);
    boolean all = writer.offer("w", lines(202, NOW, 5_000));
    assertThat(all).isFalse();
    assertThat(writer.dropped()).isPositive();
    writer.close();
    assertThat(writer.written() + writer.dropped()).isEqualTo(5_000);
    assertThat(count("instance_id = 202")).isEqualTo(writer.written());
  }

  @Test
  void longLinesAreCutAndLevelsDefaulted() throws Exception {
    try (InstanceLogWriter writer = new InstanceLogWriter(db)) {
      writer.offer("w", List.of(new LogBatch.Line(303, NOW, null, "x".repeat(100_000)),
          new LogBatch.Line(303, NOW, "ERROR", null)));
    }
    InstanceLogStore store = new InstanceLogStore(db);
    List<InstanceLogStore.Line> got = store.after(303, 0, 10).lines();
    assertThat(got).hasSize(2);
    assertThat(got.get(0).level()).isEqualTo("INFO");
    assertThat(got.get(0).line()).startsWith("xxx").hasSizeLessThan(InstanceLogWriter.MAX_LINE_CHARS + 10);
    assertThat(got.get(1).level()).isEqualTo("ERROR");
    assertThat(got.get(1).line()).isEmpty();
  }

  @Test
  void retentionDeletesOldLinesOnlyInBoundedBatches() throws Exception {
    long day = TimeUnit.DAYS.toMillis(1);
    try (InstanceLogWriter writer = new InstanceLogWriter(db)) {
      // more old lines than one DELETE takes, so the store must repeat it
      for (int i = 0; i < 5; i++) {
        writer.offer("w", lines(404, NOW - 8 * day, 5_000));
      }
      writer.offer("w", lines(404, NOW - 7 * day + 1, 3));
      writer.offer("w", lines(405, NOW - day, 7));
    }
    assertThat(count("instance_id IN (404, 405)")).isEqualTo(25_010);

    new InstanceLogRetention(new InstanceLogStore(db), () -> NOW, 7).run();

    assertThat(count("instance_id IN (404, 405) AND ts < " + (NOW - 7 * day))).isZero();
    assertThat(count("instance_id = 404")).isEqualTo(3);
    assertThat(count("instance_id = 405")).isEqualTo(7);
    assertThat(new InstanceLogStore(db).deleteOlderThan(NOW - 7 * day)).isZero();
  }

  @Test
  void pagesFollowTheCursor() {
    try (InstanceLogWriter writer = new InstanceLogWriter(db)) {
      writer.offer("w", lines(505, NOW, 12));
    }
    InstanceLogStore store = new InstanceLogStore(db);
    InstanceLogStore.Page p1 = store.after(505, 0, 5);
    InstanceLogStore.Page p2 = store.after(505, p1.next(), 5);
    InstanceLogStore.Page p3 = store.after(505, p2.next(), 5);
    InstanceLogStore.Page p4 = store.after(505, p3.next(), 5);
    assertThat(p1.lines()).extracting(InstanceLogStore.Line::line)
        .containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
    assertThat(p2.lines()).extracting(InstanceLogStore.Line::line).first().isEqualTo("line 5");
    assertThat(p3.lines()).extracting(InstanceLogStore.Line::line).containsExactly("line 10", "line 11");
    assertThat(p4.lines()).isEmpty();
    assertThat(p4.next()).isEqualTo(p3.next());
    assertThat(store.after(999, 0, 5).lines()).isEmpty();
  }
}
