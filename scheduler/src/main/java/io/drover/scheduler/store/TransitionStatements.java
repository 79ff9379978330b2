package io.drover.scheduler.store;

import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Instance state changes as a few multi-row statements (plain JDBC, sized by {@link StatementChunks}): up to
 * {@value #CHUNK} instances' merged changes in one {@code UPDATE ... JOIN} of a derived table, and the ended attempts
 * in one multi-row INSERT.
 * Per row, the database does what one single-row UPDATE did (never overwriting an ended instance), without parsing
 * and planning a statement per row.
 */
final class TransitionStatements {
  static final int CHUNK = 500;
  private static final String TERMINAL = "('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELED', 'SKIPPED')";

  private TransitionStatements() {}

  /** Applies the transitions (one per instance: merged already), in chunks. */
  static void update(Connection c, List<Transition> transitions) throws SQLException {
    for (int from = 0, n; from < transitions.size(); from += n) {
      n = StatementChunks.next(transitions.size() - from, CHUNK);
      List<Transition> chunk = transitions.subList(from, from + n);
      try (PreparedStatement ps = c.prepareStatement(updateSql(chunk.size()))) {
        int k = 1;
        for (Transition t : chunk) {
          ps.setLong(k++, t.id());
          ps.setString(k++, t.status().name());
          setInt(ps, k++, t.attempt());
          ps.setString(k++, t.worker());
          ps.setString(k++, t.result());
          setLong(ps, k++, t.dispatchedAt());
          setLong(ps, k++, t.startedAt());
          setLong(ps, k++, t.finishedAt());
        }
        ps.executeUpdate();
      }
    }
  }

  static String updateSql(int rows) {
    StringBuilder sql = new StringBuilder(200 + rows * 40).append("UPDATE instance i JOIN (SELECT CAST(? AS SIGNED)"
        + " AS id, CAST(? AS CHAR(24)) AS status, CAST(? AS SIGNED) AS attempt, CAST(? AS CHAR(128)) AS worker,"
        + " CAST(? AS CHAR) AS result, CAST(? AS SIGNED) AS dispatched_at, CAST(? AS SIGNED) AS started_at,"
        + " CAST(? AS SIGNED) AS finished_at");
    for (int r = 1; r < rows; r++) {
      sql.append(" UNION ALL SELECT ?, ?, ?, ?, ?, ?, ?, ?");
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
    for (int from = 0, n; from < attempts.size(); from += n) {
      n = StatementChunks.next(attempts.size() - from, CHUNK);
      List<AttemptRecord> chunk = attempts.subList(from, from + n);
      StringBuilder sql = new StringBuilder("INSERT IGNORE INTO instance_attempt (instance_id, attempt, worker,"
          + " status, result, dispatched_at, started_at, finished_at) VALUES ");
      for (int r = 0; r < chunk.size(); r++) {
        sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int k = 1;
        for (AttemptRecord a : chunk) {
          ps.setLong(k++, a.instanceId());
          ps.setInt(k++, a.attempt());
          ps.setString(k++, a.worker());
          ps.setString(k++, a.status().name());
          ps.setString(k++, a.result());
          setLong(ps, k++, a.dispatchedAt());
          setLong(ps, k++, a.startedAt());
          ps.setLong(k++, a.finishedAt());
        }
        ps.executeUpdate();
      }
    }
  }

  private static void setLong(PreparedStatement ps, int k, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(k, Types.BIGINT);
    } else {
      ps.setLong(k, v);
    }
  }

  private static void setInt(PreparedStatement ps, int k, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(k, Types.INTEGER);
    } else {
      ps.setInt(k, v);
    }
  }
}
