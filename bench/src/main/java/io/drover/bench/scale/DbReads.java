package io.drover.bench.scale;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the database read: rows per table and index of the bench's database, and pages from disk. Whether a query
 * walks all jobs shows in the rows (a scan of a million rows), where the server's own counters only sum up all
 * tables; whether the data fits in memory shows in the pages read from disk. MariaDB counts rows once
 * {@code userstat} is on ({@code information_schema.INDEX_STATISTICS}, {@code TABLE_STATISTICS}); MySQL in
 * {@code performance_schema.table_io_waits_summary_by_index_usage} (an empty index name: rows read by a table scan).
 */
final class DbReads {
  private final Connection c;
  private final boolean mariadb;
  private final String unavailable;

  /** Turns MariaDB's statistics on (a global, dynamic setting); says why not when that is refused. */
  DbReads(Connection c) throws SQLException {
    this.c = c;
    String version;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT VERSION()")) {
      r.next();
      version = r.getString(1);
    }
    mariadb = version.contains("MariaDB");
    String reason = null;
    if (mariadb) {
      try (Statement s = c.createStatement()) {
        s.execute("SET GLOBAL userstat = 1");
      } catch (SQLException e) {
        reason = "SET GLOBAL userstat = 1 refused: " + e.getMessage();
      }
    }
    unavailable = reason;
  }

  /** Why the counts are missing, or null when they are read. */
  String unavailable() {
    return unavailable;
  }

  /** Rows read so far, by "table.index" ("table.(scan)" for rows read without an index). */
  Map<String, Long> read() throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    if (unavailable != null) {
      return out;
    }
    String sql = mariadb
        ? "SELECT TABLE_NAME, INDEX_NAME, ROWS_READ FROM information_schema.INDEX_STATISTICS"
            + " WHERE TABLE_SCHEMA = DATABASE() UNION ALL SELECT TABLE_NAME, '(all)', ROWS_READ"
            + " FROM information_schema.TABLE_STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
        : "SELECT OBJECT_NAME, COALESCE(INDEX_NAME, '(scan)'), COUNT_FETCH"
            + " FROM performance_schema.table_io_waits_summary_by_index_usage WHERE OBJECT_SCHEMA = DATABASE()";
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.merge(r.getString(1) + "." + r.getString(2), r.getLong(3), Long::sum);
      }
    }
    return out;
  }

  /**
   * The buffer pool's counters: pages read from disk ({@code Innodb_buffer_pool_reads}), logical reads
   * ({@code Innodb_buffer_pool_read_requests}), and its size in MiB.
   */
  Map<String, Long> bufferPool() throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_reads',"
             + " 'Innodb_buffer_pool_read_requests')")) {
      while (r.next()) {
        out.put(r.getString(1), Long.parseLong(r.getString(2)));
      }
    }
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT @@innodb_buffer_pool_size DIV (1024 * 1024)")) {
      r.next();
      out.put("innodb_buffer_pool_size_MiB", r.getLong(1));
    }
    return out;
  }

  /** Rows read per second between two readings, the busiest first; counters that did not move are left out. */
  static Map<String, Double> rates(Map<String, Long> before, Map<String, Long> after, double seconds) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() / seconds * 10) / 10.0));
    return out;
  }
}
