package io.drover.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the measured window straight from the {@code instance} table with JDBC (never the API). Instance ids are
 * time-ordered and made when a fire is recorded, at or after its fire time, so every query is bounded below by an
 * id taken before the window ({@code floorId}): a primary-key range, not a scan of the whole run.
 */
final class WindowReader {
  private static final int SLICES = 10;
  private static final long MIN_SLICE_MS = 1000;
  private static final long NONE = Long.MIN_VALUE;

  private final Connection c;

  WindowReader(Connection c) {
    this.c = c;
  }

  /** The highest instance id so far, 0 when there is none: later instances have larger ids. */
  long maxInstanceId() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM instance")) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * How far behind the stored state is: now minus the creation time of the newest instance the database already
   * shows SUCCEEDED (an index range on (app_id, status, id), one row). Writes of state changes go behind, so this
   * grows when the writer cannot keep up. -1 when no instance has succeeded yet.
   */
  long storedLagMs(String app) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT i.created_at FROM instance i JOIN app a ON a.id = i.app_id"
        + " WHERE a.name = ? AND i.status = 'SUCCEEDED' ORDER BY i.id DESC LIMIT 1")) {
      s.setString(1, app);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? System.currentTimeMillis() - r.getLong(1) : -1;
      }
    }
  }

  /** {recorded, not yet ended} of the window's scheduled fires. */
  long[] progress(long floorId, long start, long end) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(finished_at IS NULL), 0)"
        + " FROM instance WHERE id > ? AND trigger_type = 'SCHEDULE' AND fire_at >= ? AND fire_at < ?")) {
      s.setLong(1, floorId);
      s.setLong(2, start);
      s.setLong(3, end);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  WindowFigures read(long floorId, long completionFloorId, long start, long end, List<JobCreator.CreatedJob> jobs,
                     long periodMs, WorkerStarts.Lookup workerStarts) throws SQLException {
    Map<Long, Long> firstFire = new HashMap<>(jobs.size() * 2);
    long expected = 0;
    for (JobCreator.CreatedJob j : jobs) {
      firstFire.put(j.id(), j.firstFireAt());
      expected += firesIn(j.firstFireAt(), periodMs, start, end);
    }
    Rows rows = new Rows();
    Map<String, Integer> statuses = new TreeMap<>();
    Set<Pair> onGrid = new HashSet<>();
    long offGrid = 0;
    try (PreparedStatement s = c.prepareStatement("SELECT job_id, fire_at, created_at, dispatched_at, started_at,"
            + " finished_at, status, id FROM instance WHERE id > ? AND trigger_type = 'SCHEDULE' AND fire_at >= ?"
            + " AND fire_at < ?", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      s.setFetchSize(Integer.MIN_VALUE); // MySQL Connector/J: stream the rows instead of buffering them all
      s.setLong(1, floorId);
      s.setLong(2, start);
      s.setLong(3, end);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long job = r.getLong(1);
          long fireAt = r.getLong(2);
          rows.add(fireAt, r.getLong(3), value(r, 4), value(r, 5), value(r, 6),
              workerStarts.get(r.getLong(8), NONE));
          statuses.merge(r.getString(7), 1, Integer::sum);
          Long first = firstFire.get(job);
          if (first != null && fireAt >= first && (fireAt - first) % periodMs == 0) {
            onGrid.add(new Pair(job, fireAt));
          } else {
            offGrid++;
          }
        }
      }
    }
    return new WindowFigures(start, end, expected, rows.n, offGrid, expected - onGrid.size(),
        duplicates(floorId, start, end), completed(completionFloorId, start, end), statuses,
        rows.lateness(rows.created), rows.lateness(rows.dispatched), rows.lateness(rows.started),
        rows.lateness(rows.finished), rows.lateness(rows.workerStarted), rows.slices(start, end),
        rows.timeline(start, end));
  }

  /** Fires of a schedule first + k * period (k >= 0) that fall in [start, end). */
  static long firesIn(long first, long period, long start, long end) {
    long from = first >= start ? first : first + Math.floorDiv(start - first + period - 1, period) * period;
    return from < end ? (end - 1 - from) / period + 1 : 0;
  }

  private long duplicates(long floorId, long start, long end) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM (SELECT job_id, fire_at FROM instance"
        + " WHERE id > ? AND trigger_type = 'SCHEDULE' AND fire_at >= ? AND fire_at < ?"
        + " GROUP BY job_id, fire_at HAVING COUNT(*) > 1) d")) {
      s.setLong(1, floorId);
      s.setLong(2, start);
      s.setLong(3, end);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private long completed(long floorId, long start, long end) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM instance WHERE id > ?"
        + " AND status = 'SUCCEEDED' AND finished_at >= ? AND finished_at < ?")) {
      s.setLong(1, floorId);
      s.setLong(2, start);
      s.setLong(3, end);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long value(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? NONE : v;
  }

  private record Pair(long job, long fireAt) {}

  /** The timestamps of the window's instances, column by column; {@link #NONE} for an empty column. */
  private static final class Rows {
    int n;
    long[] fireAt = new long[1024];
    long[] created = new long[1024];
    long[] dispatched = new long[1024];
    long[] started = new long[1024];
    long[] finished = new long[1024];
    long[] workerStarted = new long[1024];

    void add(long fire, long createdAt, long dispatchedAt, long startedAt, long finishedAt, long workerStartedAt) {
      if (n == fireAt.length) {
        int size = n * 2;
        fireAt = Arrays.copyOf(fireAt, size);
        created = Arrays.copyOf(created, size);
        dispatched = Arrays.copyOf(dispatched, size);
        started = Arrays.copyOf(started, size);
        finished = Arrays.copyOf(finished, size);
        workerStarted = Arrays.copyOf(workerStarted, size);
      }
      fireAt[n] = fire;
      created[n] = createdAt;
      dispatched[n] = dispatchedAt;
      started[n] = startedAt;
      finished[n] = finishedAt;
      workerStarted[n] = workerStartedAt;
      n++;
    }

    /** Lateness of a column against fire_at, over all rows. */
    Lateness lateness(long[] column) {
      return lateness(column, 0, Long.MAX_VALUE);
    }

    /** Lateness of a column against fire_at, over the rows with fire_at in [from, to). */
    private Lateness lateness(long[] column, long from, long to) {
      long[] delays = new long[n];
      int k = 0;
      int missing = 0;
      for (int i = 0; i < n; i++) {
        if (fireAt[i] < from || fireAt[i] >= to) {
          continue;
        }
        if (column[i] == NONE) {
          missing++;
        } else {
          delays[k++] = column[i] - fireAt[i];
        }
      }
      return Lateness.of(delays, k, missing);
    }

    List<WindowFigures.Second> timeline(long start, long end) {
      List<WindowFigures.Second> out = new ArrayList<>();
      for (long from = start; from < end; from += 1000) {
        long to = Math.min(end, from + 1000);
        Lateness started = lateness(workerStarted, from, to);
        out.add(new WindowFigures.Second((int) ((from - start) / 1000), started.n() + started.missing(),
            lateness(created, from, to), started));
      }
      return out;
    }

    List<WindowFigures.Slice> slices(long start, long end) {
      List<WindowFigures.Slice> out = new ArrayList<>();
      // whole seconds, at least one: with 1 s periods each slice holds every job's fires once
      long width = Math.max(MIN_SLICE_MS, (end - start) / SLICES / 1000 * 1000);
      for (long from = start; from < end; from += width) {
        long to = Math.min(end, from + width);
        Lateness l = lateness(workerStarted, from, to);
        out.add(new WindowFigures.Slice(from, to, l.n() + l.missing(), l));
      }
      return out;
    }
  }
}
