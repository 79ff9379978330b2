package io.drover.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.scheduler.DroverServer;
import io.drover.scheduler.config.ConfigLoader;
import io.drover.scheduler.embedded.EmbeddedMariaDb;
import io.drover.scheduler.embedded.EmbeddedZooKeeper;
import io.drover.worker.Worker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * 5 seconds if they are absent. Stops everything cleanly on Ctrl-C.
 */
public final class Standalone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Standalone.class);
  public static final String APP = "demo";
  public static final String SECRET = "demo-secret";
  public static final String JOB = "demo-echo-every-5s";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final DroverServer server;

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
      createDemoIfAbsent("http://127.0.0.1:" + server.httpPort());
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

  private static void createDemoIfAbsent(String base) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    int app = post(http, base + "/api/v1/apps", json.writeValueAsString(Map.of("name", APP, "secret", SECRET)));
    if (app != 201 && app != 409) {
      throw new IllegalStateException("cannot create the demo app: HTTP " + app);
    }
    HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?app=" + APP))
        .build(), HttpResponse.BodyHandlers.ofString());
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
    int created = post(http, base + "/api/v1/jobs", json.writeValueAsString(job));
    if (created != 201) {
      throw new IllegalStateException("cannot create the demo job: HTTP " + created);
    }
    log.info("Created the demo app '{}' and job '{}'", APP, JOB);
  }

  private static int post(HttpClient http, String url, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
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
    System.out.println();
    System.out.println("  Drover standalone is running (data in " + o.dataDir().toAbsolutePath() + ")");
    System.out.println("    API:      " + api + "/api/v1");
    System.out.println("    cluster:  curl -s " + api + "/api/v1/cluster");
    System.out.println("    demo job: curl -s '" + api + "/api/v1/instances?app=" + APP + "&limit=5'");
    System.out.println("    health:   curl -s " + api + "/health");
    System.out.println("  Press Ctrl-C to stop.");
    System.out.println();
    stopped.await();
  }
}
