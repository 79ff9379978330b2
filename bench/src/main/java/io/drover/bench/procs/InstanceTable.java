package io.drover.bench.procs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Reads the {@code instance} table straight (never the API): what the benches measure from. */
final class InstanceTable {
  /** A scheduled fire as recorded: its planned time, when it was recorded, and the leader epoch that did it. */
  record Fire(long fireAt, long createdAt, long epoch) {}

  private final Database db;

  InstanceTable(Database db) {
    this.db = db;
  }

  /** Every SCHEDULE instance of the job, by fire time then recording time. */
  List<Fire> fires(long jobId) throws SQLException {
    try (Connection c = db.connect();
         PreparedStatement s = c.prepareStatement("SELECT fire_at, created_at, epoch FROM instance"
             + " WHERE job_id = ? AND trigger_type = 'SCHEDULE' ORDER BY fire_at, created_at")) {
      s.setLong(1, jobId);
      List<Fire> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Fire(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        }
      }
      return out;
    }
  }

  /**
   * When the first SCHEDULE instance of the job recorded after {@code afterMs} by a leader of an epoch above
   * {@code aboveEpoch} was recorded ({@code created_at}); empty while there is none.
   */
  OptionalLong firstRecordedAfter(long jobId, long afterMs, long aboveEpoch) throws SQLException {
    try (Connection c = db.connect();
         PreparedStatement s = c.prepareStatement("SELECT MIN(created_at) FROM instance WHERE job_id = ?"
             + " AND trigger_type = 'SCHEDULE' AND created_at > ? AND epoch > ?")) {
      s.setLong(1, jobId);
      s.setLong(2, afterMs);
      s.setLong(3, aboveEpoch);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
      }
    }
  }

  /**
   * Waits (polling every 20 ms) for {@link #firstRecordedAfter} and returns it; fails when nothing is recorded
   * within {@code timeout}.
   */
  long awaitRecordedAfter(long jobId, long afterMs, long aboveEpoch, Duration timeout)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      OptionalLong t = firstRecordedAfter(jobId, afterMs, aboveEpoch);
      if (t.isPresent()) {
        return t.getAsLong();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + jobId + ": no fire recorded after " + afterMs + " by an epoch above "
            + aboveEpoch + " within " + timeout.toSeconds() + " s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
