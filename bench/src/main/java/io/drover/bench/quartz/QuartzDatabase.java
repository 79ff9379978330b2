package io.drover.bench.quartz;

import io.drover.bench.BenchDatabases;
import io.drover.bench.ExternalDb;
import io.drover.scheduler.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The database Quartz runs on: an embedded MariaDB with a fresh database, or a fresh database
 * {@code quartz_bench_<time>_<pid>} on the MySQL server named by {@code DROVER_BENCH_DB_URL}, dropped on
 * {@link #close()} unless kept. The Quartz tables come from the MySQL InnoDB script shipped in the Quartz jar.
 */
final class QuartzDatabase implements AutoCloseable {
  /** The DDL inside the quartz jar, run as shipped. */
  static final String DDL_RESOURCE = "org/quartz/impl/jdbcjobstore/tables_mysql_innodb.sql";
  private static final String EMBEDDED_NAME = "quartz_bench";

  private final String url;
  private final String user;
  private final String password;
  private final String description;
  private final ProcessHandle mariadbd;
  private final AutoCloseable cleanup;

  private QuartzDatabase(String url, String user, String password, String description, ProcessHandle mariadbd,
                         AutoCloseable cleanup) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.description = description;
    this.mariadbd = mariadbd;
    this.cleanup = cleanup;
  }

  /** Starts an embedded MariaDB, or creates a database on {@code external}; then creates the Quartz tables. */
  static QuartzDatabase start(ExternalDb external) throws Exception {
    QuartzDatabase db = external == null ? embedded() : onServer(external);
    try {
      db.createTables();
      return db;
    } catch (Exception e) {
      try {
        db.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static QuartzDatabase embedded() throws Exception {
    EmbeddedMariaDb db = BenchDatabases.startEmbedded();
    try {
      db.createDatabase(EMBEDDED_NAME);
    } catch (Exception e) {
      db.close();
      throw e;
    }
    ProcessHandle mariadbd = BenchDatabases.mariadbd(db.port()).orElse(null);
    String description = BenchDatabases.embeddedDescription(db, mariadbd) + ", database " + EMBEDDED_NAME;
    return new QuartzDatabase(db.jdbcUrl(EMBEDDED_NAME), "root", "", description, mariadbd, db);
  }

  private static QuartzDatabase onServer(ExternalDb external) throws SQLException {
    String name = "quartz_bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
        + "_" + ProcessHandle.current().pid();
    String serverUrl = BenchDatabases.withDatabase(external.url(), "");
    execute(serverUrl, external.user(), external.password(), "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    AutoCloseable drop = external.keep() ? () -> { }
        : () -> execute(serverUrl, external.user(), external.password(), "DROP DATABASE `" + name + "`");
    String description = "external " + redacted(serverUrl) + ", database " + name
        + (external.keep() ? " (kept)" : " (dropped)");
    return new QuartzDatabase(BenchDatabases.withDatabase(external.url(), name), external.user(), external.password(),
        description, null, drop);
  }

  /** Runs the shipped DDL statement by statement ({@code #} comment lines dropped, split at {@code ;}). */
  private void createTables() throws IOException, SQLException {
    List<String> statements = ddlStatements();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        try {
          s.execute(sql);
        } catch (SQLException e) {
          throw new SQLException("creating the Quartz tables from " + DDL_RESOURCE + " failed at: " + sql, e);
        }
      }
    }
  }

  static List<String> ddlStatements() throws IOException {
    String text;
    try (InputStream in = QuartzDatabase.class.getClassLoader().getResourceAsStream(DDL_RESOURCE)) {
      if (in == null) {
        throw new IOException(DDL_RESOURCE + " is not on the class path: is the quartz jar there?");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder noComments = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("#")) {
        noComments.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String sql : noComments.toString().split(";")) {
      String s = sql.strip();
      if (!s.isEmpty() && !s.equalsIgnoreCase("commit")) {
        out.add(s);
      }
    }
    return out;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
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

  /** The server's version string, e.g. "11.4.5-MariaDB". */
  String serverVersion() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT VERSION()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The embedded mariadbd process, to meter its CPU; empty with an external database. */
  Optional<ProcessHandle> mariadbd() {
    return Optional.ofNullable(mariadbd);
  }

  /** Stops the embedded MariaDB, or drops the database unless it is kept. */
  @Override
  public void close() throws Exception {
    cleanup.close();
  }

  private static void execute(String url, String user, String password, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  /** The URL without its query string, which may carry a password. */
  static String redacted(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }
}
