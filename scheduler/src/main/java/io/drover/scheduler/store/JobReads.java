package io.drover.scheduler.store;

import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.ScheduleType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reads of jobs on hot paths, in plain JDBC with the columns mapped by position: the trigger loop's reads of
 * due jobs return every job that comes due, and every API run reads its job by id, so their mapping cost is paid
 * per fire or per run (MyBatis's constructor auto-mapping costs several times the database's work there). Same
 * columns as {@link JobMapper#SELECT}, same {@link Job}s.
 */
final class JobReads {
  private static final String BY_ID = JobMapper.SELECT + "WHERE j.id = ?";
  private static final String DUE_AFTER = JobMapper.SELECT + "WHERE j.app_id = ? AND j.enabled = 1"
      + " AND j.next_fire_at <= ? AND (j.next_fire_at > ? OR (j.next_fire_at = ? AND j.id > ?))"
      + " ORDER BY j.next_fire_at, j.id LIMIT ?";
  private static final String EDITED_DUE = JobMapper.SELECT + "WHERE j.app_id = ? AND j.updated_at >= ?"
      + " AND j.enabled = 1 AND j.next_fire_at <= ? LIMIT ?";

  private JobReads() {}

  /** See {@link JobStore#find(long)}. */
  static Job byId(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
      ps.setLong(1, id);
      List<Job> found = read(ps);
      return found.isEmpty() ? null : found.get(0);
    }
  }

  /** See {@link JobStore#dueAfter}. */
  static List<Job> dueAfter(Connection c, long appId, long afterAt, long afterId, long until, int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DUE_AFTER)) {
      ps.setLong(1, appId);
      ps.setLong(2, until);
      ps.setLong(3, afterAt);
      ps.setLong(4, afterAt);
      ps.setLong(5, afterId);
      ps.setInt(6, limit);
      return read(ps);
    }
  }

  /** See {@link JobStore#editedDue}. */
  static List<Job> editedDue(Connection c, long appId, long since, long until, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(EDITED_DUE)) {
      ps.setLong(1, appId);
      ps.setLong(2, since);
      ps.setLong(3, until);
      ps.setInt(4, limit);
      return read(ps);
    }
  }

  /** See {@link JobStore#dueByIds}. */
  static List<Job> dueByIds(Connection c, long appId, List<Long> ids, long until) throws SQLException {
    StringBuilder sql = new StringBuilder(JobMapper.SELECT).append("WHERE j.app_id = ? AND j.enabled = 1")
        .append(" AND j.next_fire_at <= ? AND j.id IN (");
    for (int i = 0; i < ids.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
      ps.setLong(1, appId);
      ps.setLong(2, until);
      for (int i = 0; i < ids.size(); i++) {
        ps.setLong(3 + i, ids.get(i));
      }
      return read(ps);
    }
  }

  private static List<Job> read(PreparedStatement ps) throws SQLException {
    List<Job> out = new ArrayList<>();
    try (ResultSet r = ps.executeQuery()) {
      while (r.next()) {
        out.add(job(r));
      }
    }
    return out;
  }

  /** One row of {@link JobMapper#SELECT}, column by column in its order. */
  private static Job job(ResultSet r) throws SQLException {
    return new Job(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
        ScheduleType.valueOf(r.getString(6)), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
        ExecutionMode.valueOf(r.getString(11)), r.getString(12), r.getString(13), r.getInt(14), r.getString(15),
        r.getLong(16), r.getInt(17), r.getLong(18), r.getString(19), r.getBoolean(20), nullableLong(r, 21),
        r.getInt(22), r.getLong(23), r.getLong(24), nullableLong(r, 25), nullableLong(r, 26));
  }

  private static Long nullableLong(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : v;
  }
}
