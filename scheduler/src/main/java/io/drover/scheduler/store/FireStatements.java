package io.drover.scheduler.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compare-and-set of a batch of fires in two multi-row statements per chunk (plain JDBC, values as literals:
 * {@link SqlLiterals}): read the jobs' next fire times with a row lock, decide in memory which fires still hold the
 * expected time (and an enabled job), then move only those in one {@code UPDATE ... CASE}. The locks keep anyone from changing a row between the two,
 * so the outcome is exactly that of one conditional UPDATE per fire, at a fraction of the statements.
 */
final class FireStatements {
  static final int CHUNK = 500;

  private FireStatements() {}

  /**
   * Moves each job's next fire time from the fire's expected value to its next one, where the stored value still
   * is the expected one; returns, per fire, whether it won. Job ids must be distinct.
   */
  static boolean[] compareAndSet(Connection c, List<Fire> fires) throws SQLException {
    boolean[] won = new boolean[fires.size()];
    for (int from = 0, to; from < fires.size(); from = to) {
      to = from + Math.min(fires.size() - from, CHUNK);
      Map<Long, Long> stored = lockNextFires(c, fires.subList(from, to));
      List<Fire> winners = new ArrayList<>();
      for (int i = from; i < to; i++) {
        Fire f = fires.get(i);
        Long current = stored.get(f.jobId());
        if (current != null && current == f.fireAt()) {
          won[i] = true;
          winners.add(f);
        }
      }
      if (!winners.isEmpty()) {
        move(c, winners);
      }
    }
    return won;
  }

  /** job id -> next fire time, for the enabled jobs among these fires, row-locked until the transaction ends. */
  private static Map<Long, Long> lockNextFires(Connection c, List<Fire> fires) throws SQLException {
    StringBuilder sql = new StringBuilder(80 + fires.size() * 21)
        .append("SELECT id, next_fire_at FROM job WHERE enabled = 1 AND id IN (");
    for (int i = 0; i < fires.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(fires.get(i).jobId());
    }
    Map<Long, Long> out = new HashMap<>();
    try (Statement st = SqlLiterals.statement(c);
         ResultSet rs = st.executeQuery(sql.append(") FOR UPDATE").toString())) {
      while (rs.next()) {
        long next = rs.getLong(2);
        if (!rs.wasNull()) {
          out.put(rs.getLong(1), next);
        }
      }
    }
    return out;
  }

  private static void move(Connection c, List<Fire> winners) throws SQLException {
    StringBuilder sql = new StringBuilder(80 + winners.size() * 70).append("UPDATE job SET next_fire_at = CASE id");
    for (Fire f : winners) {
      SqlLiterals.number(sql.append(" WHEN ").append(f.jobId()).append(" THEN "), f.nextFireAt());
    }
    sql.append(" END WHERE id IN (");
    for (int i = 0; i < winners.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(winners.get(i).jobId());
    }
    try (Statement st = SqlLiterals.statement(c)) {
      st.executeUpdate(sql.append(')').toString());
    }
  }
}
