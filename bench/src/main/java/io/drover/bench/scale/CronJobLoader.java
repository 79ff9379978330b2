package io.drover.bench.scale;

import io.drover.scheduler.job.Job;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Stores the bench's jobs straight into the {@code job} table, many rows per INSERT, each row exactly as the API
 * would store it ({@link CronJobRows}): the same columns as the scheduler's own job insert, {@code now} taken when
 * each batch is built. Each INSERT commits on its own, like a burst of API calls would.
 */
final class CronJobLoader {
  /** The columns of the scheduler's job insert (JobMapper.insert), in its order. */
  static final List<String> COLUMNS = List.of("app_id", "name", "description", "schedule_type", "schedule_expr",
      "time_zone", "processor", "params", "execution_mode", "dispatch_strategy", "worker_selector", "max_instances",
      "overlap_policy", "timeout_ms", "max_attempts", "retry_backoff_ms", "misfire_policy", "enabled",
      "next_fire_at", "version", "created_at", "updated_at", "start_at", "end_at");
  private static final long PROGRESS_ROWS = 100_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Connection c;
  private final CronJobRows rows;
  private final int batchRows;

  /** What a load stored, how long it took and the CPU time of the loading thread (building and binding rows). */
  record Loaded(int jobs, long elapsedMs, long cpuMs) {
    double perSecond() {
      return elapsedMs == 0 ? jobs : jobs * 1000.0 / elapsedMs;
    }
  }

  CronJobLoader(Connection c, CronJobRows rows, int batchRows) {
    this.c = c;
    this.rows = rows;
    this.batchRows = batchRows;
  }

  /** Stores jobs {@code from..to-1} and notes each one's id and second in {@code grid}. */
  Loaded load(int from, int to, FireGrid grid, PrintStream out) throws SQLException {
    long t0 = System.nanoTime();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long nextReport = PROGRESS_ROWS;
    PreparedStatement full = null;
    try {
      for (int i = from; i < to; i += batchRows) {
        int n = Math.min(batchRows, to - i);
        PreparedStatement s = n == batchRows && full != null ? full : c.prepareStatement(insert(n),
            Statement.RETURN_GENERATED_KEYS);
        if (n == batchRows) {
          full = s;
        }
        long now = System.currentTimeMillis();
        for (int k = 0; k < n; k++) {
          bind(s, k * COLUMNS.size(), rows.job(i + k, now));
        }
        if (s.executeUpdate() != n) {
          throw new SQLException("INSERT of jobs " + i + ".." + (i + n - 1) + " stored fewer rows than " + n);
        }
        try (ResultSet keys = s.getGeneratedKeys()) {
          for (int k = 0; k < n; k++) {
            if (!keys.next()) {
              throw new SQLException("INSERT of jobs " + i + ".." + (i + n - 1) + " returned " + k + " ids");
            }
            grid.add(keys.getLong(1), rows.second(i + k));
          }
        }
        if (s != full) {
          s.close();
        }
        int done = i + n - from;
        if (done >= nextReport) {
          double seconds = (System.nanoTime() - t0) / 1e9;
          out.printf("  %,d jobs stored (%.0f/s)%n", done, done / seconds);
          nextReport += PROGRESS_ROWS;
        }
      }
    } finally {
      if (full != null) {
        full.close();
      }
    }
    return new Loaded(to - from, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        TimeUnit.NANOSECONDS.toMillis(THREADS.getCurrentThreadCpuTime() - cpu0));
  }

  /**
   * The columns in which the stored row {@code id} differs from the row this loader writes for job {@code index}
   * at the time the stored row was created ("name: stored x, built y"); empty when they are the same.
   */
  List<String> differences(long id, int index) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT " + String.join(", ", COLUMNS) + " FROM job WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return List.of("no job with id " + id);
        }
        Object[] built = values(rows.job(index, r.getLong("created_at")));
        for (int k = 0; k < COLUMNS.size(); k++) {
          String stored = text(r.getObject(k + 1));
          String mine = text(built[k]);
          if (!Objects.equals(stored, mine)) {
            out.add(COLUMNS.get(k) + ": stored " + stored + ", built " + mine);
          }
        }
      }
    }
    return out;
  }

  private static String insert(int n) {
    String row = "(" + String.join(", ", java.util.Collections.nCopies(COLUMNS.size(), "?")) + ")";
    String[] values = new String[n];
    Arrays.fill(values, row);
    return "INSERT INTO job (" + String.join(", ", COLUMNS) + ") VALUES " + String.join(", ", values);
  }

  private static void bind(PreparedStatement s, int offset, Job job) throws SQLException {
    Object[] v = values(job);
    for (int k = 0; k < v.length; k++) {
      s.setObject(offset + k + 1, v[k]);
    }
  }

  /** The job's values for {@link #COLUMNS}, as the scheduler's insert writes them (enums by name, version 0). */
  private static Object[] values(Job j) {
    return new Object[] {j.appId(), j.name(), j.description(), j.scheduleType().name(), j.scheduleExpr(),
        j.timeZone(), j.processor(), j.params(), j.mode().name(), j.dispatchStrategy(), j.workerSelector(),
        j.maxInstances(), j.overlapPolicy(), j.timeoutMs(), j.maxAttempts(), j.retryBackoffMs(), j.misfirePolicy(),
        j.enabled(), j.nextFireAt(), 0, j.createdAt(), j.updatedAt(), j.startAt(), j.endAt()};
  }

  private static String text(Object v) {
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    return v == null ? null : v.toString();
  }
}
