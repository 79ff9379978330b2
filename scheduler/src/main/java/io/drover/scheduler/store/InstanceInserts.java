package io.drover.scheduler.store;

import io.drover.scheduler.instance.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Inserts instances in multi-row {@code INSERT IGNORE} statements of up to {@value #CHUNK} rows, sized by
 * {@link StatementChunks} (plain JDBC: the hot path of every fire and API run; a MyBatis foreach costs more CPU than
 * the database's work). A row whose (job, trigger key) exists already is skipped, never duplicated.
 */
final class InstanceInserts {
  static final int CHUNK = 500;
  private static final String INSERT = "INSERT IGNORE INTO instance " + InstanceMapper.COLUMNS + " VALUES ";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final int FIELDS = 16;

  private InstanceInserts() {}

  /**
   * Inserts the rows and returns the ids of those this call wrote: all of them when every row was new (the
   * update counts say so, no read needed), else the ones found by id afterwards.
   */
  static Set<Long> insertIgnore(Connection c, List<Instance> rows) throws SQLException {
    long written = 0;
    for (int from = 0, n; from < rows.size(); from += n) {
      n = StatementChunks.next(rows.size() - from, CHUNK);
      List<Instance> chunk = rows.subList(from, from + n);
      StringBuilder sql = new StringBuilder(INSERT.length() + chunk.size() * (ROW.length() + 2)).append(INSERT);
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? ROW : ", " + ROW);
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int p = 1;
        for (Instance r : chunk) {
          bind(ps, p, r);
          p += FIELDS;
        }
        written += ps.executeUpdate();
      }
    }
    Set<Long> ids = new HashSet<>(rows.size() * 2);
    for (Instance r : rows) {
      ids.add(r.id());
    }
    return written == rows.size() ? ids : existing(c, rows);
  }

  private static void bind(PreparedStatement ps, int p, Instance r) throws SQLException {
    ps.setLong(p, r.id());
    ps.setLong(p + 1, r.jobId());
    ps.setLong(p + 2, r.appId());
    ps.setString(p + 3, r.triggerKey());
    ps.setLong(p + 4, r.fireAt());
    ps.setString(p + 5, r.triggerType().name());
    ps.setString(p + 6, r.params());
    ps.setString(p + 7, r.status().name());
    ps.setInt(p + 8, r.attempt());
    ps.setString(p + 9, r.worker());
    ps.setLong(p + 10, r.epoch());
    ps.setString(p + 11, r.result());
    ps.setLong(p + 12, r.createdAt());
    setNullable(ps, p + 13, r.dispatchedAt());
    setNullable(ps, p + 14, r.startedAt());
    setNullable(ps, p + 15, r.finishedAt());
  }

  private static void setNullable(PreparedStatement ps, int p, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(p, Types.BIGINT);
    } else {
      ps.setLong(p, v);
    }
  }

  /** The ids among these rows that exist in the table. */
  private static Set<Long> existing(Connection c, List<Instance> rows) throws SQLException {
    Set<Long> out = new HashSet<>();
    for (int from = 0, n; from < rows.size(); from += n) {
      n = StatementChunks.next(rows.size() - from, CHUNK);
      List<Instance> chunk = rows.subList(from, from + n);
      StringBuilder sql = new StringBuilder("SELECT id FROM instance WHERE id IN (");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i).id());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
      }
    }
    return out;
  }
}
