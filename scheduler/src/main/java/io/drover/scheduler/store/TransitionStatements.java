package io.drover.scheduler.store;

import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.Transition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Instance state changes as a few multi-row statements (plain JDBC, values as literals: {@link SqlLiterals}): up to
 * {@value #CHUNK} instances' merged changes in one {@code UPDATE ... JOIN} of a derived table, and the ended attempts
 * in one multi-row INSERT.
 * Per row, the database does what one single-row UPDATE did (never overwriting an ended instance), without parsing
 * and planning a statement per row.
 */
final class TransitionStatements {
  static final int CHUNK = 500;
  private static final String TERMINAL = "('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELED', 'SKIPPED')";
  /** The derived table's names and types, in a row that is never there; the changes follow as UNION ALL rows. */
  private static final String COLUMNS = "UPDATE instance i JOIN (SELECT CAST(NULL AS SIGNED) AS id,"
      + " CAST(NULL AS CHAR(24)) AS status, CAST(NULL AS SIGNED) AS attempt, CAST(NULL AS CHAR(128)) AS worker,"
      + " CAST(NULL AS CHAR) AS result, CAST(NULL AS SIGNED) AS dispatched_at, CAST(NULL AS SIGNED) AS started_at,"
      + " CAST(NULL AS SIGNED) AS finished_at FROM DUAL WHERE FALSE";

  private TransitionStatements() {}

  /** Applies the transitions (one per instance: merged already), in chunks. */
  static void update(Connection c, List<Transition> transitions) throws SQLException {
    try (Statement st = SqlLiterals.statement(c)) {
      for (int from = 0, n; from < transitions.size(); from += n) {
        n = Math.min(transitions.size() - from, CHUNK);
        st.executeUpdate(updateSql(transitions.subList(from, from + n)));
      }
    }
  }

  static String updateSql(List<Transition> chunk) {
    StringBuilder sql = new StringBuilder(COLUMNS.length() + 400 + chunk.size() * 120).append(COLUMNS);
    for (Transition t : chunk) {
      sql.append(" UNION ALL SELECT ").append(t.id()).append(", ");
      SqlLiterals.text(sql, t.status().name()).append(", ");
      SqlLiterals.number(sql, t.attempt()).append(", ");
      SqlLiterals.text(sql, t.worker()).append(", ");
      SqlLiterals.text(sql, t.result()).append(", ");
      SqlLiterals.number(sql, t.dispatchedAt()).append(", ");
      SqlLiterals.number(sql, t.startedAt()).append(", ");
      SqlLiterals.number(sql, t.finishedAt());
    }
    return sql.append(") v ON i.id = v.id SET i.status = v.status, i.attempt = COALESCE(v.attempt, i.attempt),"
        + " i.worker = COALESCE(v.worker, i.worker), i.result = COALESCE(v.result, i.result),"
        + " i.dispatched_at = COALESCE(v.dispatched_at, i.dispatched_at),"
        + " i.started_at = COALESCE(v.started_at, i.started_at),"
        + " i.finished_at = COALESCE(v.finished_at, i.finished_at)"
        + " WHERE i.status NOT IN " + TERMINAL).toString();
  }

  /** Records ended attempts (a repeated one is ignored), in chunks. */
  static void insertAttempts(Connection c, List<AttemptRecord> attempts) throws SQLException {
    try (Statement st = SqlLiterals.statement(c)) {
      for (int from = 0, n; from < attempts.size(); from += n) {
        n = Math.min(attempts.size() - from, CHUNK);
        StringBuilder sql = new StringBuilder(200 + n * 120).append("INSERT IGNORE INTO instance_attempt"
            + " (instance_id, attempt, worker, status, result, dispatched_at, started_at, finished_at) VALUES ");
        for (int r = 0; r < n; r++) {
          AttemptRecord a = attempts.get(from + r);
          sql.append(r == 0 ? "(" : ", (").append(a.instanceId()).append(", ").append(a.attempt()).append(", ");
          SqlLiterals.text(sql, a.worker()).append(", ");
          SqlLiterals.text(sql, a.status().name()).append(", ");
          SqlLiterals.text(sql, a.result()).append(", ");
          SqlLiterals.number(sql, a.dispatchedAt()).append(", ");
          SqlLiterals.number(sql, a.startedAt()).append(", ").append(a.finishedAt()).append(')');
        }
        st.executeUpdate(sql.toString());
      }
    }
  }
}
