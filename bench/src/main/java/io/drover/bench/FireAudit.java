package io.drover.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Counts, for one job of a fixed period, the fire times recorded twice and the fire times missing between the
 * first and the last recorded one, and the longest handover gap: the longest time between two consecutive
 * fires being recorded, less the period. {@code FireAudit JDBC_URL USER PASSWORD JOB_ID PERIOD_MS}.
 * Prints {@code duplicates=N missing=N fires=N maxGapMs=N}.
 */
public final class FireAudit {
  private FireAudit() {}

  public static void main(String[] args) throws Exception {
    long jobId = Long.parseLong(args[3]);
    long period = Long.parseLong(args[4]);
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      long duplicates;
      try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) n FROM"
          + " instance WHERE job_id = ? AND trigger_type = 'SCHEDULE' GROUP BY fire_at HAVING COUNT(*) > 1) d")) {
        s.setLong(1, jobId);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          duplicates = rs.getLong(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT MIN(fire_at), MAX(fire_at), COUNT(DISTINCT fire_at)"
          + " FROM instance WHERE job_id = ? AND trigger_type = 'SCHEDULE'")) {
        s.setLong(1, jobId);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          long first = rs.getLong(1);
          long last = rs.getLong(2);
          long distinct = rs.getLong(3);
          long expected = (last - first) / period + 1;
          System.out.print("duplicates=" + duplicates + " missing=" + (expected - distinct) + " fires=" + distinct);
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT created_at FROM instance WHERE job_id = ?"
          + " AND trigger_type = 'SCHEDULE' ORDER BY fire_at")) {
        s.setLong(1, jobId);
        long previous = -1;
        long maxGap = 0;
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long created = rs.getLong(1);
            if (previous >= 0) {
              maxGap = Math.max(maxGap, created - previous - period);
            }
            previous = created;
          }
          System.out.println(" maxGapMs=" + maxGap);
        }
      }
    }
  }
}
