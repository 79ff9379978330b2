package io.drover.bench.scale;

import io.drover.bench.Lateness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the measured window straight from the database with JDBC (never the API). Instance ids are time-ordered
 * and made when a fire is recorded, at or after its fire time, so every read of the window is bounded below by an
 * id taken before it ({@code floorId}): a primary-key range, not a scan of the whole run. Keeps the window's rows
 * in primitive arrays (a million fires take some 20 MB), so the read fits beside the server in its heap.
 */
final class FireWindowReader {
  private static final String WINDOW = " FROM instance WHERE id > ? AND trigger_type = 'SCHEDULE' AND fire_at >= ?"
      + " AND fire_at < ?";
  private static final int NONE = Integer.MIN_VALUE;

  private final Connection c;

  FireWindowReader(Connection c) {
    this.c = c;
  }

  long appId(String app) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM app WHERE name = ?")) {
      s.setString(1, app);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new IllegalStateException("no app named '" + app + "'");
        }
        return r.getLong(1);
      }
    }
  }

  /** Jobs of the app, enabled or not. */
  long jobCount(long appId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM job WHERE app_id = ?")) {
      s.setLong(1, appId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The highest instance id so far, 0 when there is none: later instances have larger ids. */
  long maxInstanceId() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM instance")) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Enabled jobs of the app whose next fire time is before {@code before}, counted up to {@code cap}: fires not
   * recorded yet, the backlog (a range of {@code idx_job_due}, at most {@code cap} entries long).
   */
  long overdueJobs(long appId, long before, int cap) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM job WHERE app_id = ?"
        + " AND enabled = 1 AND next_fire_at < ? LIMIT ?) o")) {
      s.setLong(1, appId);
      s.setLong(2, before);
      s.setInt(3, cap);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Scheduled fires recorded after instance {@code fromId}: how many, their record lateness, the last id. */
  record Recorded(long count, long meanLateMs, long maxLateMs, long maxId) {}

  Recorded recordedAfter(long fromId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(AVG(created_at - fire_at), 0),"
        + " COALESCE(MAX(created_at - fire_at), 0), COALESCE(MAX(id), 0) FROM instance WHERE id > ?"
        + " AND trigger_type = 'SCHEDULE'")) {
      s.setLong(1, fromId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new Recorded(r.getLong(1), Math.round(r.getDouble(2)), r.getLong(3), r.getLong(4));
      }
    }
  }

  /** {recorded, not yet ended} of the window's scheduled fires. */
  long[] progress(long floorId, long start, long end) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(finished_at IS NULL), 0)"
        + WINDOW)) {
      bindWindow(s, floorId, start, end);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  /**
   * Scheduled fires recorded (created_at) in {@code [start, end)}, whatever their fire time: what the server did
   * in the window when it runs behind. {count, mean lateness (created_at - fire_at) in ms, max lateness}.
   */
  long[] recordedBetween(long floorId, long start, long end) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(AVG(created_at - fire_at), 0),"
        + " COALESCE(MAX(created_at - fire_at), 0) FROM instance WHERE id > ? AND trigger_type = 'SCHEDULE'"
        + " AND created_at >= ? AND created_at < ?")) {
      bindWindow(s, floorId, start, end);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), Math.round(r.getDouble(2)), r.getLong(3)};
      }
    }
  }

  FireWindow read(long floorId, long start, long end, FireGrid grid, long sliceMs) throws SQLException {
    Columns rows = new Columns();
    Map<String, Integer> statuses = new TreeMap<>();
    long offGrid = 0;
    try (PreparedStatement s = c.prepareStatement("SELECT job_id, fire_at, created_at, started_at, finished_at,"
        + " status" + WINDOW, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      s.setFetchSize(Integer.MIN_VALUE); // MySQL Connector/J: stream the rows instead of buffering them all
      bindWindow(s, floorId, start, end);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long fireAt = r.getLong(2);
          rows.add(fireAt, delay(r, 3, fireAt), delay(r, 4, fireAt), delay(r, 5, fireAt));
          statuses.merge(r.getString(6), 1, Integer::sum);
          if (!grid.onGrid(r.getLong(1), fireAt)) {
            offGrid++;
          }
        }
      }
    }
    long distinct = count("SELECT COUNT(DISTINCT job_id, fire_at)" + WINDOW, floorId, start, end);
    long duplicates = count("SELECT COUNT(*) FROM (SELECT job_id, fire_at" + WINDOW
        + " GROUP BY job_id, fire_at HAVING COUNT(*) > 1) d", floorId, start, end);
    long expected = grid.expected(start, end);
    List<FireWindow.Slice> slices = new ArrayList<>();
    for (long from = start; from < end; from += sliceMs) {
      long to = Math.min(end, from + sliceMs);
      slices.add(new FireWindow.Slice(from, to, rows.lateness(rows.started, from, to)));
    }
    return new FireWindow(start, end, expected, rows.n, distinct, duplicates, offGrid,
        Math.max(0, expected - (distinct - offGrid)), statuses, rows.lateness(rows.created, start, end),
        rows.lateness(rows.started, start, end), rows.lateness(rows.finished, start, end), slices);
  }

  private long count(String sql, long floorId, long start, long end) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bindWindow(s, floorId, start, end);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static void bindWindow(PreparedStatement s, long floorId, long start, long end) throws SQLException {
    s.setLong(1, floorId);
    s.setLong(2, start);
    s.setLong(3, end);
  }

  /** The column minus fire_at in ms, or {@link #NONE} when the column is still empty. */
  private static int delay(ResultSet r, int column, long fireAt) throws SQLException {
    long v = r.getLong(column);
    if (r.wasNull()) {
      return NONE;
    }
    return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, v - fireAt));
  }

  /** The window's fires, column by column: fire_at, and each timestamp as a delay from it. */
  private static final class Columns {
    int n;
    long[] fireAt = new long[4096];
    int[] created = new int[4096];
    int[] started = new int[4096];
    int[] finished = new int[4096];

    void add(long fire, int createdMs, int startedMs, int finishedMs) {
      if (n == fireAt.length) {
        int size = n * 2;
        fireAt = Arrays.copyOf(fireAt, size);
        created = Arrays.copyOf(created, size);
        started = Arrays.copyOf(started, size);
        finished = Arrays.copyOf(finished, size);
      }
      fireAt[n] = fire;
      created[n] = createdMs;
      started[n] = startedMs;
      finished[n] = finishedMs;
      n++;
    }

    /** Percentiles of a column over the fires in {@code [from, to)}; empty values count as missing. */
    Lateness lateness(int[] column, long from, long to) {
      long[] values = new long[n];
      int k = 0;
      int missing = 0;
      for (int i = 0; i < n; i++) {
        if (fireAt[i] < from || fireAt[i] >= to) {
          continue;
        }
        if (column[i] == NONE) {
          missing++;
        } else {
          values[k++] = column[i];
        }
      }
      return Lateness.of(values, k, missing);
    }
  }
}
