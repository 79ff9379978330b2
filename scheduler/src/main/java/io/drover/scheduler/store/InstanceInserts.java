package io.drover.scheduler.store;

import io.drover.scheduler.instance.Instance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Inserts instances in multi-row {@code INSERT IGNORE} statements of up to {@value #CHUNK} rows, values written as
 * literals ({@link SqlLiterals}; plain JDBC: the hot path of every fire and API run, where a MyBatis foreach, or even
 * the driver's parameter binding, costs more CPU than the database's work). A row whose (job, trigger key) exists
 * already is skipped, never duplicated.
 */
final class InstanceInserts {
  static final int CHUNK = 500;
  private static final String INSERT = "INSERT IGNORE INTO instance " + InstanceMapper.COLUMNS + " VALUES ";
  /** About the length of a row's text (ids and times of 13-19 digits, short texts), to size the builder once. */
  private static final int ROW_CHARS = 200;

  private InstanceInserts() {}

  /**
   * Inserts the rows and returns the ids of those this call wrote: all of them when every row was new (the
   * update counts say so, no read needed), else the ones found by id afterwards.
   */
  static Set<Long> insertIgnore(Connection c, List<Instance> rows) throws SQLException {
    long written = 0;
    try (Statement st = SqlLiterals.statement(c)) {
      for (int from = 0, n; from < rows.size(); from += n) {
        n = Math.min(rows.size() - from, CHUNK);
        List<Instance> chunk = rows.subList(from, from + n);
        StringBuilder sql = new StringBuilder(INSERT.length() + chunk.size() * ROW_CHARS).append(INSERT);
        for (int i = 0; i < chunk.size(); i++) {
          row(sql.append(i == 0 ? "(" : ", ("), chunk.get(i)).append(')');
        }
        written += st.executeUpdate(sql.toString());
      }
    }
    Set<Long> ids = new HashSet<>(rows.size() * 2);
    for (Instance r : rows) {
      ids.add(r.id());
    }
    return written == rows.size() ? ids : existing(c, rows);
  }

  private static StringBuilder row(StringBuilder sql, Instance r) {
    sql.append(r.id()).append(", ").append(r.jobId()).append(", ").append(r.appId()).append(", ");
    SqlLiterals.text(sql, r.triggerKey()).append(", ").append(r.fireAt()).append(", ");
    SqlLiterals.text(sql, r.triggerType().name()).append(", ");
    SqlLiterals.text(sql, r.params()).append(", ");
    SqlLiterals.text(sql, r.status().name()).append(", ").append(r.attempt()).append(", ");
    SqlLiterals.text(sql, r.worker()).append(", ").append(r.epoch()).append(", ");
    SqlLiterals.text(sql, r.result()).append(", ").append(r.createdAt()).append(", ");
    SqlLiterals.number(sql, r.dispatchedAt()).append(", ");
    SqlLiterals.number(sql, r.startedAt()).append(", ");
    return SqlLiterals.number(sql, r.finishedAt());
  }

  /** The ids among these rows that exist in the table. */
  private static Set<Long> existing(Connection c, List<Instance> rows) throws SQLException {
    Set<Long> out = new HashSet<>();
    try (Statement st = SqlLiterals.statement(c)) {
      for (int from = 0, n; from < rows.size(); from += n) {
        n = Math.min(rows.size() - from, CHUNK);
        StringBuilder sql = new StringBuilder("SELECT id FROM instance WHERE id IN (");
        for (int i = 0; i < n; i++) {
          sql.append(i == 0 ? "" : ", ").append(rows.get(from + i).id());
        }
        try (ResultSet rs = st.executeQuery(sql.append(')').toString())) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
      }
    }
    return out;
  }
}
