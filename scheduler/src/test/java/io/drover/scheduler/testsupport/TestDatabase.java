package io.drover.scheduler.testsupport;

import io.drover.scheduler.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, empty databases for integration tests. They live on the MySQL server named by {@code DROVER_TEST_DB_URL}
 * (for example {@code jdbc:mysql://127.0.0.1:3306/}, with {@code DROVER_TEST_DB_USER} and
 * {@code DROVER_TEST_DB_PASSWORD}; databases created there are left for inspection), or else on one embedded
 * MariaDB started on first use, with temporary data, and stopped when the JVM exits.
 */
public final class TestDatabase {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static Server server;

  private TestDatabase() {}

  /** Where to connect, with the user and password to connect as. */
  public record Db(String url, String user, String password) {}

  /** A new, empty database whose name starts with {@code prefix} (cleaned up to letters, digits and '_'). */
  public static Db fresh(String prefix) {
    Server s = server();
    String name = databaseName(prefix);
    try (Connection c = DriverManager.getConnection(s.urlOf(""), s.user(), s.password());
         Statement st = c.createStatement()) {
      st.executeUpdate("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + " on " + s.urlOf("") + ": "
          + e.getMessage(), e);
    }
    return new Db(s.urlOf(name), s.user(), s.password());
  }

  static String databaseName(String prefix) {
    String clean = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (clean.length() > 24) {
      clean = clean.substring(0, 24);
    }
    // pid and time keep names apart across JVMs sharing an external server; SEQ within this one
    return "t_" + clean + "_" + ProcessHandle.current().pid() + "_"
        + Long.toString(System.currentTimeMillis(), 36) + "_" + SEQ.incrementAndGet();
  }

  private static synchronized Server server() {
    if (server == null) {
      String url = System.getenv("DROVER_TEST_DB_URL");
      server = url != null && !url.isBlank()
          ? new Server(url.trim(), env("DROVER_TEST_DB_USER", "root"), env("DROVER_TEST_DB_PASSWORD", ""))
          : embedded();
    }
    return server;
  }

  private static Server embedded() {
    EmbeddedMariaDb db;
    try {
      db = EmbeddedMariaDb.start(null, 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the embedded MariaDB for tests (set DROVER_TEST_DB_URL to use "
          + "a MySQL server instead): " + e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "drover-test-database-stop"));
    return new Server(db.jdbcUrl(""), "root", "");
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null ? dflt : v;
  }

  /** A server URL such as {@code jdbc:mysql://host:3306/?useSSL=false}, with the user to connect as. */
  private record Server(String url, String user, String password) {
    /** The URL with its database path replaced by {@code database}, keeping any query. */
    String urlOf(String database) {
      int q = url.indexOf('?');
      String head = q < 0 ? url : url.substring(0, q);
      String query = q < 0 ? "" : url.substring(q);
      int hostStart = head.indexOf("//");
      int slash = head.indexOf('/', hostStart < 0 ? 0 : hostStart + 2);
      return (slash < 0 ? head : head.substring(0, slash)) + "/" + database + query;
    }
  }
}
