package io.drover.scheduler.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.server.PurgeTxnLog;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single ZooKeeper server (the zookeeper jar's {@link ZooKeeperServerMain}) on 127.0.0.1, for standalone
 * mode and tests. Its admin HTTP server is off; of the four-letter-word commands only ZooKeeper's default
 * ({@code srvr}) answers. With a data directory, znodes survive {@link #close()} and restarts; without one, they
 * live in a temporary directory deleted by {@link #close()}.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
  private static final String ADMIN_SERVER_PROPERTY = "zookeeper.admin.enableServer";
  /**
   * ZooKeeper expires sessions on tick boundaries, so a session is declared dead up to one tick after its timeout:
   * a short tick keeps failover close to the session timeout.
   */
  private static final int TICK_MS = 500;
  private static final int SNAPSHOTS_KEPT = 3;
  private static final long START_TIMEOUT_MS = 30_000;

  private final Server server;
  private final Thread runner;
  private final int port;
  private final Path dataDir;
  private final boolean temporary;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedZooKeeper(Server server, Thread runner, int port, Path dataDir, boolean temporary) {
    this.server = server;
    this.runner = runner;
    this.port = port;
    this.dataDir = dataDir;
    this.temporary = temporary;
  }

  /**
   * Starts the server and returns once it accepts connections.
   *
   * @param dataDir where snapshots and the transaction log live and stay; null for a temporary directory
   * @param port the client port on 127.0.0.1; 0 picks a free one
   */
  public static EmbeddedZooKeeper start(Path dataDir, int port) throws IOException {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, not " + port);
    }
    boolean temporary = dataDir == null;
    Path data = temporary ? Files.createTempDirectory("drover-zookeeper-")
        : Files.createDirectories(dataDir.toAbsolutePath().normalize());
    if (System.getProperty(ADMIN_SERVER_PROPERTY) == null) {
      System.setProperty(ADMIN_SERVER_PROPERTY, "false"); // ZooKeeper reads it from here only; Jetty would clash
    }
    try {
      if (!temporary) {
        PurgeTxnLog.purge(data.toFile(), data.toFile(), SNAPSHOTS_KEPT); // keeps a long-lived data dir small
      }
      return startOn(data, port, temporary);
    } catch (IOException | RuntimeException e) {
      if (temporary) {
        deleteQuietly(data, e);
      }
      throw e;
    }
  }

  private static EmbeddedZooKeeper startOn(Path data, int port, boolean temporary) throws IOException {
    long t0 = System.nanoTime();
    Server server = new Server();
    Thread runner = new Thread(() -> server.run(new Config(data, port)), "drover-zookeeper");
    runner.setDaemon(true);
    runner.start();
    try {
      server.started.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(server, runner);
      throw new IOException("interrupted while starting ZooKeeper on 127.0.0.1:" + port, e);
    } catch (ExecutionException | TimeoutException e) {
      stop(server, runner);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("cannot start ZooKeeper on 127.0.0.1:" + port + " with data in " + data + ": "
          + cause, cause);
    }
    int bound = server.getClientPort();
    log.info("Embedded ZooKeeper on 127.0.0.1:{}, data in {} ({}), ready in {} ms", bound, data,
        temporary ? "temporary" : "kept", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return new EmbeddedZooKeeper(server, runner, bound, data, temporary);
  }

  /** {@code 127.0.0.1:PORT}. */
  public String connectString() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Where snapshots and the transaction log live: the directory given to {@link #start}, or the temporary one. */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server, waits until its port and files are released and, in temporary mode, deletes the data. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stop(server, runner);
    log.debug("Stopped embedded ZooKeeper on 127.0.0.1:{}", port);
    if (temporary) {
      deleteQuietly(dataDir, null);
    }
  }

  private static void stop(Server server, Thread runner) {
    server.close(); // shuts the server down; the runner then closes the transaction log and returns
    try {
      runner.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (runner.isAlive()) {
      log.warn("ZooKeeper thread {} did not stop within 30 s", runner.getName());
    }
  }

  private static void deleteQuietly(Path dir, Exception cause) {
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

  /** ZooKeeper's own standalone main, which reports when it serves and returns from run once closed. */
  private static final class Server extends ZooKeeperServerMain {
    final CompletableFuture<Void> started = new CompletableFuture<>();

    void run(ServerConfig config) {
      try {
        runFromConfig(config);
        started.completeExceptionally(new IllegalStateException("ZooKeeper stopped before it served"));
      } catch (Exception | Error e) {
        if (!started.completeExceptionally(e)) {
          log.error("Embedded ZooKeeper failed", e);
        }
      }
    }

    @Override
    protected void serverStarted() {
      started.complete(null);
    }
  }

  /** What a zoo.cfg would say, set directly: through the file, port 0 would mean no client port at all. */
  private static final class Config extends ServerConfig {
    Config(Path data, int port) {
      clientPortAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      dataDir = data.toFile();
      dataLogDir = data.toFile();
      tickTime = TICK_MS;
      minSessionTimeout = 2 * TICK_MS;
      maxSessionTimeout = 120_000; // the default (20 ticks) would cap drover.zk.session-timeout-ms at 10 s
      maxClientCnxns = 0; // no per-address limit: every client of a standalone setup comes from 127.0.0.1
    }
  }
}
