package io.drover.cli;

import io.drover.scheduler.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fresh, empty databases for the cli tests: on the MySQL server named by {@code DROVER_TEST_DB_URL} (with
 * {@code DROVER_TEST_DB_USER} and {@code DROVER_TEST_DB_PASSWORD}), or else on one embedded MariaDB on a free port
 * with temporary data, started on first use and stopped when the JVM exits.
 */
final class TestDatabase {
  private static String serverUrl;
  private static String user;
  private static String password;
  private static int seq;

  private TestDatabase() {}

  /** Where to connect, with the user and password to connect as. */
  record Db(String url, String user, String password) {}

  static synchronized Db fresh(String prefix) {
    if (serverUrl == null) {
      start();
    }
    String name = "cli_" + prefix + "_" + ProcessHandle.current().pid() + "_"
        + Long.toString(System.currentTimeMillis(), 36) + "_" + (++seq);
    try (Connection c = DriverManager.getConnection(urlOf(""), user, password);
         Statement st = c.createStatement()) {
      st.executeUpdate("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + " on " + serverUrl + ": "
          + e.getMessage(), e);
    }
    return new Db(urlOf(name), user, password);
  }

  private static void start() {
    String external = System.getenv("DROVER_TEST_DB_URL");
    if (external != null && !external.isBlank()) {
      serverUrl = external.trim();
      user = envOr("DROVER_TEST_DB_USER", "root");
      password = envOr("DROVER_TEST_DB_PASSWORD", "");
      return;
    }
    EmbeddedMariaDb db;
    try {
      db = EmbeddedMariaDb.start(null, 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the embedded MariaDB (set DROVER_TEST_DB_URL to use a MySQL "
          + "server instead): " + e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "cli-test-database-stop"));
    serverUrl = db.jdbcUrl("");
    user = "root";
    password = "";
  }

  /** The server URL with its database path replaced by {@code database}, keeping any query. */
  private static String urlOf(String database) {
    int q = serverUrl.indexOf('?');
    String head = q < 0 ? serverUrl : serverUrl.substring(0, q);
    String query = q < 0 ? "" : serverUrl.substring(q);
    int slash = head.indexOf('/', head.indexOf("//") + 2);
    return (slash < 0 ? head : head.substring(0, slash)) + "/" + database + query;
  }

  private static String envOr(String name, String dflt) {
    String v = System.getenv(name);
    return v == null ? dflt : v;
  }
}
