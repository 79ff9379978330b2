package io.drover.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database server's own counters ({@code SHOW GLOBAL STATUS}) over the window, as rates: how many statements,
 * commits, row changes and fsyncs the load cost, and whether InnoDB waited on locks or its log. Works on MariaDB
 * and MySQL; a counter the server lacks is left out.
 */
public final class DbCounters {
  static final List<String> NAMES = List.of("Questions", "Com_select", "Com_insert", "Com_update", "Com_commit",
      "Innodb_rows_read", "Innodb_rows_inserted", "Innodb_rows_updated", "Innodb_data_fsyncs",
      "Innodb_os_log_fsyncs", "Innodb_log_waits", "Innodb_row_lock_waits", "Innodb_row_lock_time",
      "Innodb_buffer_pool_wait_free", "Innodb_buffer_pool_reads", "Innodb_buffer_pool_pages_flushed",
      "Innodb_data_written", "Innodb_os_log_written", "Innodb_history_list_length", "Innodb_checkpoint_age",
      "Com_update_multi", "Handler_read_key", "Handler_read_next", "Handler_read_rnd_next", "Handler_write",
      "Handler_update", "Handler_tmp_write",
      "Bytes_received", "Bytes_sent");

  private DbCounters() {}

  public static Map<String, Long> read(Connection c) throws SQLException {
    Map<String, Long> all = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW GLOBAL STATUS")) {
      while (r.next()) {
        try {
          all.put(r.getString(1), Long.parseLong(r.getString(2)));
        } catch (NumberFormatException notACounter) {
          // text values (ON/OFF, versions) are not counters
        }
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String n : NAMES) {
      if (all.containsKey(n)) {
        out.put(n, all.get(n));
      }
    }
    return out;
  }

  /** Per-second rates of the counters between two readings. */
  public static Map<String, Double> rates(Map<String, Long> before, Map<String, Long> after, double seconds) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach((k, v) -> {
      Long b = before.get(k);
      if (b != null) {
        out.put(k, Math.round((v - b) / seconds * 10) / 10.0);
      }
    });
    return out;
  }
}
