package io.drover.bench;

import io.drover.scheduler.DroverServer;
import io.drover.scheduler.config.ConfigLoader;
import io.drover.scheduler.config.ServerConfig;
import io.drover.scheduler.embedded.EmbeddedMariaDb;
import io.drover.scheduler.embedded.EmbeddedZooKeeper;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Everything the load runs against, in this JVM and on 127.0.0.1: an embedded ZooKeeper, a fresh database (an
 * embedded MariaDB, or a new database on {@code DROVER_BENCH_DB_URL}), one Drover server and the workers. Each
 * part is started by its own method, in order, and {@link #close()} stops them in reverse.
 */
public final class LoadCluster implements AutoCloseable {
  public static final String APP = "bench";
  public static final String SECRET = "bench-secret-42";
  public static final String PROCESSOR = "noop";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final PrintStream out;
  private EmbeddedZooKeeper zk;
  private String dbUrl;
  private String dbUser;
  private String dbPassword;
  private String dbDescription;
  private ProcessHandle mariadbd;
  private DroverServer server;
  private ServerConfig serverConfig;
  private final List<Worker> workers = new ArrayList<>();

  public LoadCluster(PrintStream out) {
    this.out = out;
  }

  private <T extends AutoCloseable> T push(T c) {
    started.push(c);
    return c;
  }

  public void startZooKeeper() throws Exception {
    zk = push(EmbeddedZooKeeper.start(null, 0));
  }

  /**
   * Starts the database named by the environment: a new database on {@code DROVER_BENCH_DB_URL} (with
   * {@code DROVER_BENCH_DB_USER}, {@code DROVER_BENCH_DB_PASSWORD}, {@code DROVER_BENCH_KEEP_DB}) when it is set,
   * else an embedded MariaDB.
   */
  public void startDatabase(Map<String, String> env) throws Exception {
    startDatabase(ExternalDb.fromEnv(env));
  }

  void startDatabase(ExternalDb external) throws Exception {
    if (external == null) {
      EmbeddedMariaDb db = push(BenchDatabases.startEmbedded());
      db.createDatabase("drover_bench");
      dbUrl = db.jdbcUrl("drover_bench");
      dbUser = "root";
      dbPassword = "";
      mariadbd = BenchDatabases.mariadbd(db.port()).orElse(null);
      dbDescription = BenchDatabases.embeddedDescription(db, mariadbd);
      return;
    }
    String name = "drover_bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
        + "_" + ProcessHandle.current().pid();
    String serverUrl = BenchDatabases.withDatabase(external.url(), "");
    try (Connection c = DriverManager.getConnection(serverUrl, external.user(), external.password());
         Statement s = c.createStatement()) {
      s.executeUpdate("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    }
    dbUrl = BenchDatabases.withDatabase(external.url(), name);
    dbUser = external.user();
    dbPassword = external.password();
    dbDescription = "external " + serverUrl + ", database " + name + (external.keep() ? " (kept)" : " (dropped)");
    if (!external.keep()) {
      push(() -> {
        try (Connection c = DriverManager.getConnection(serverUrl, external.user(), external.password());
             Statement s = c.createStatement()) {
          s.executeUpdate("DROP DATABASE `" + name + "`");
        }
      });
    }
  }

  /**
   * Starts the server. Any {@code -Ddrover.*} system property overrides the bench's settings (for experiments
   * such as {@code -Ddrover.trigger.tick-ms=100}); the process environment is not read.
   */
  public void startServer(int poolSize) throws Exception {
    Properties p = new Properties();
    p.setProperty("drover.server.id", "bench-server");
    p.setProperty("drover.server.host", "127.0.0.1");
    p.setProperty("drover.http.port", "0");
    p.setProperty("drover.transport.port", "0");
    p.setProperty("drover.zk.connect", zk.connectString());
    p.setProperty("drover.db.url", dbUrl);
    p.setProperty("drover.db.user", dbUser);
    p.setProperty("drover.db.password", dbPassword);
    p.setProperty("drover.db.pool-size", String.valueOf(poolSize));
    p.setProperty("drover.api.auth.enabled", "false"); // a closed loopback setup: JobCreator sends no API token
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("drover.")) {
        p.setProperty(key, System.getProperty(key));
      }
    }
    serverConfig = new ConfigLoader(p, Map.of(), new Properties()).read();
    server = push(DroverServer.start(serverConfig));
  }

  /** Waits until the server leads the bench app (it takes the app's latch once the app exists). */
  public void awaitLeadership(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!server.leaders().leads(APP)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("server " + server.id() + " did not lead app '" + APP + "' within "
            + timeout.toSeconds() + " s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** Starts the workers; their processor notes when each instance began in {@code starts}. */
  public void startWorkers(int count, int capacity, WorkerStarts starts, Duration timeout) {
    for (int i = 1; i <= count; i++) {
      workers.add(push(Worker.builder()
          .app(APP).secret(SECRET)
          .servers("127.0.0.1:" + server.transportPort())
          .workerId("bench-w" + i)
          .capacity(capacity)
          .processor(PROCESSOR, ctx -> {
            starts.record(ctx.instanceId(), System.currentTimeMillis());
            return Result.ok("");
          })
          .start()));
    }
    for (Worker w : workers) {
      if (!w.awaitConnected(timeout)) {
        throw new IllegalStateException("worker " + w.id() + " did not connect within " + timeout.toSeconds()
            + " s");
      }
    }
  }

  public DroverServer server() {
    return server;
  }

  public String apiBase() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  /** A new JDBC connection to the bench database, for reading results. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(dbUrl, dbUser, dbPassword);
  }

  public String dbDescription() {
    return dbDescription;
  }

  /** The embedded mariadbd process, to meter its CPU; empty with an external database. */
  public Optional<ProcessHandle> mariadbd() {
    return Optional.ofNullable(mariadbd);
  }

  /** The server settings that shape the load path. */
  public Map<String, Object> serverSettings() {
    Map<String, Object> m = new TreeMap<>();
    m.put("dbPoolSize", serverConfig.dbPoolSize());
    m.put("tickMs", serverConfig.tickMs());
    m.put("lookaheadMs", serverConfig.lookaheadMs());
    m.put("misfireThresholdMs", serverConfig.misfireThresholdMs());
    m.put("heartbeatIntervalMs", serverConfig.heartbeatIntervalMs());
    m.put("noWorkerTimeoutMs", serverConfig.noWorkerTimeoutMs());
    return m;
  }

  /** Stops workers, server, database and ZooKeeper, in reverse order of start; reports what failed to stop. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        out.println("WARN: error while stopping " + c.getClass().getSimpleName() + ": " + e);
      }
    }
  }
}
