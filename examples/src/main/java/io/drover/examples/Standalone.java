package io.drover.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.scheduler.DroverServer;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.config.ConfigLoader;
import io.drover.scheduler.embedded.EmbeddedMariaDb;
import io.drover.scheduler.embedded.EmbeddedZooKeeper;
import io.drover.worker.Worker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drover in one process, for trying it out: an embedded ZooKeeper and MariaDB (data kept under the data
 * directory across restarts), one server and the demo worker. Creates the demo app and a job that runs every
 * 5 seconds if they are absent. At first start it creates an admin API token named {@value #TOKEN_NAME}, keeps
 * its text in {@code <data>/standalone.token} (readable by the owner only) and uses it from then on. Stops
 * everything cleanly on Ctrl-C.
 */
public final class Standalone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Standalone.class);
  public static final String APP = "demo";
  public static final String SECRET = "demo-secret";
  public static final String JOB = "demo-echo-every-5s";
  public static final String TOKEN_NAME = "standalone";
  public static final String TOKEN_FILE = "standalone.token";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final DroverServer server;
  private final String token;

  /** Settings of a standalone run; ports 0 pick free ones (tests). */
  public record Options(Path dataDir, int zkPort, int dbPort, int httpPort, int transportPort) {
    static Options fromEnvironment() {
      return new Options(Path.of(setting("drover.standalone.data-dir", "data")),
          Integer.parseInt(setting("drover.standalone.zk-port", "7781")),
          Integer.parseInt(setting("drover.standalone.db-port", "7706")),
          Integer.parseInt(setting("drover.http.port", "7700")),
          Integer.parseInt(setting("drover.transport.port", "7701")));
    }

    private static String setting(String key, String dflt) {
      String v = System.getProperty(key);
      if (v == null) {
        v = System.getenv(ConfigLoader.envName(key));
      }
      return v == null || v.isBlank() ? dflt : v.trim();
    }
  }

  public Standalone(Options o) throws Exception {
    try {
      EmbeddedZooKeeper zk = push(EmbeddedZooKeeper.start(o.dataDir().resolve("zookeeper"), o.zkPort()));
      EmbeddedMariaDb db = push(EmbeddedMariaDb.start(o.dataDir().resolve("mariadb"), o.dbPort()));
      db.createDatabase("drover");
      Properties p = new Properties();
      p.setProperty("drover.server.id", "standalone");
      p.setProperty("drover.server.host", "127.0.0.1");
      p.setProperty("drover.http.port", String.valueOf(o.httpPort()));
      p.setProperty("drover.transport.port", String.valueOf(o.transportPort()));
      p.setProperty("drover.zk.connect", zk.connectString());
      p.setProperty("drover.db.url", db.jdbcUrl("drover"));
      p.setProperty("drover.db.user", "root");
      p.setProperty("drover.db.password", "");
      server = push(DroverServer.start(new ConfigLoader(p, Map.of(), new Properties()).read()));
      token = adminToken(server, o.dataDir().resolve(TOKEN_FILE));
      createDemoIfAbsent("http://127.0.0.1:" + server.httpPort(), token);
      Worker worker = push(DemoWorker.start(APP, SECRET, "127.0.0.1:" + server.transportPort(), "zone=local"));
      if (!worker.awaitConnected(Duration.ofSeconds(30))) {
        log.warn("The demo worker has not connected yet; it keeps trying");
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private <T extends AutoCloseable> T push(T c) {
    started.push(c);
    return c;
  }

  public int httpPort() {
    return server.httpPort();
  }

  /** The admin API token of this standalone installation (also in {@code <data>/standalone.token}). */
  public String token() {
    return token;
  }

  /**
   * The token kept in {@code file} while the database still knows it; otherwise (first start, or a database that
   * was reset) a new admin token, written to the file with owner-only permissions.
   */
  private static String adminToken(DroverServer server, Path file) throws IOException {
    if (Files.exists(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (server.tokens().findActive(kept).isPresent()) {
        return kept;
      }
      log.info("The token in {} is no longer valid; creating a new one", file);
    }
    String created = server.tokens().create(TOKEN_NAME, TokenScope.ADMIN, System.currentTimeMillis()).token();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, created + System.lineSeparator(), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    log.info("Created the admin API token '{}' and kept it in {}", TOKEN_NAME, file);
    return created;
  }

  private static void createDemoIfAbsent(String base, String token) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    int app = post(http, base + "/api/v1/apps", token,
        json.writeValueAsString(Map.of("name", APP, "secret", SECRET)));
    if (app != 201 && app != 409) {
      throw new IllegalStateException("cannot create the demo app: HTTP " + app);
    }
    HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?app=" + APP))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    if (jobs.statusCode() != 200) {
      throw new IllegalStateException("cannot list the demo jobs: HTTP " + jobs.statusCode() + " " + jobs.body());
    }
    if (json.readTree(jobs.body()).findValuesAsText("name").contains(JOB)) {
      return;
    }
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("app", APP);
    job.put("name", JOB);
    job.put("description", "The standalone demo: echoes its params every 5 seconds");
    job.put("scheduleType", "CRON");
    job.put("scheduleExpr", "0/5 * * * * ?");
    job.put("processor", "echo");
    job.put("params", "hello from drover");
    int created = post(http, base + "/api/v1/jobs", token, json.writeValueAsString(job));
    if (created != 201) {
      throw new IllegalStateException("cannot create the demo job: HTTP " + created);
    }
    log.info("Created the demo app '{}' and job '{}'", APP, JOB);
  }

  private static int post(HttpClient http, String url, String token, String body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("Error while stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.fromEnvironment();
    Standalone s;
    try {
      s = new Standalone(o);
    } catch (Exception e) {
      log.error("Standalone Drover failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Stopping standalone Drover");
      s.close();
      stopped.countDown();
    }, "drover-standalone-shutdown"));
    String api = "http://127.0.0.1:" + s.httpPort();
    String auth = "-H \"Authorization: Bearer $(cat '" + o.dataDir().resolve(TOKEN_FILE) + "')\"";
    System.out.println();
    System.out.println("  Drover standalone is running (data in " + o.dataDir().toAbsolutePath() + ")");
    System.out.println("    API:      " + api + "/api/v1");
    System.out.println("    token:    " + s.token() + "  (admin; kept in " + o.dataDir().resolve(TOKEN_FILE) + ")");
    System.out.println("    cluster:  curl -s " + auth + " " + api + "/api/v1/cluster");
    System.out.println("    demo job: curl -s " + auth + " '" + api + "/api/v1/instances?app=" + APP + "&limit=5'");
    System.out.println("    health:   curl -s " + api + "/health");
    System.out.println("    metrics:  curl -s " + api + "/metrics");
    System.out.println("  Press Ctrl-C to stop.");
    System.out.println();
    stopped.await();
  }
}
