package io.drover.scheduler.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads instance log lines ({@code instance_log}, written by {@link InstanceLogWriter}) page by page, and deletes
 * old ones in bounded batches. Any server can read any instance's log: it is all in the database.
 */
public final class InstanceLogStore {
  public static final int DEFAULT_LIMIT = 500;
  public static final int MAX_LIMIT = 5_000;
  static final int DELETE_BATCH = 10_000;

  private final Database db;

  public InstanceLogStore(Database db) {
    this.db = db;
  }

  /** One stored line; {@code seq} orders an instance's lines and is the paging cursor. */
  public record Line(long seq, long ts, String level, String worker, String line) {}

  /**
   * A page of lines.
   *
   * @param next the cursor for the following page: the last seq returned, or the {@code after} asked for when none
   */
  public record Page(List<Line> lines, long next) {}

  /** The instance's lines with seq greater than {@code after}, oldest first, at most {@code limit}. */
  public Page after(long instanceId, long after, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
    }
    List<Line> lines = new ArrayList<>(Math.min(limit, 1_000));
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT seq, ts, level, worker, line FROM instance_log"
             + " WHERE instance_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
      ps.setLong(1, instanceId);
      ps.setLong(2, after);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(new Line(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the log of instance " + instanceId + ": " + e.getMessage(), e);
    }
    return new Page(lines, lines.isEmpty() ? after : lines.get(lines.size() - 1).seq());
  }

  /**
   * Deletes every line with {@code ts < cutoff}, {@value #DELETE_BATCH} rows per statement (short locks, bounded
   * undo), until none is left.
   *
   * @return the number of lines deleted
   */
  public long deleteOlderThan(long cutoff) {
    long total = 0;
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("DELETE FROM instance_log WHERE ts < ? LIMIT " + DELETE_BATCH)) {
      int n;
      do {
        ps.setLong(1, cutoff);
        n = ps.executeUpdate();
        total += n;
      } while (n == DELETE_BATCH);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete instance log lines older than " + cutoff + " (" + total
          + " deleted so far): " + e.getMessage(), e);
    }
    return total;
  }
}
