package io.drover.examples;

import io.drover.worker.Worker;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo worker: a worker with the {@link DemoProcessors} and the {@code shell} and {@code http} builtins. Run
 * {@link #main} to start one; settings come from system properties, then environment variables, then defaults:
 *
 * <pre>
 *   drover.worker.app       DROVER_WORKER_APP       default demo
 *   drover.worker.secret    DROVER_WORKER_SECRET    default none
 *   drover.worker.servers   DROVER_WORKER_SERVERS   default 127.0.0.1:7701
 *   drover.worker.labels    DROVER_WORKER_LABELS    default none (e.g. zone=a,gpu=true)
 *   drover.worker.builtins  DROVER_WORKER_BUILTINS  default shell,http (empty: none)
 * </pre>
 *
 * <p>On Ctrl-C or SIGTERM it shuts down gracefully: running attempts get {@link #SHUTDOWN_DEADLINE} to finish.
 */
public final class DemoWorker {
  private static final Logger log = LoggerFactory.getLogger(DemoWorker.class);
  /** The builtins the demo worker enables unless told otherwise. */
  static final String DEFAULT_BUILTINS = "shell,http";
  /** How long running attempts may go on when the process is asked to stop. */
  static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(30);

  private DemoWorker() {}

  /**
   * Starts a demo worker with the default builtins; it connects in the background. {@code secret} and
   * {@code labels} may be null.
   */
  public static Worker start(String app, String secret, String servers, String labels) {
    return start(app, secret, servers, labels, DEFAULT_BUILTINS);
  }

  /** Starts a demo worker with the given builtins (comma separated, may be blank); it connects in the background. */
  public static Worker start(String app, String secret, String servers, String labels, String builtins) {
    Worker.Builder b = Worker.builder().app(app).secret(secret).servers(servers).builtins(builtins);
    if (labels != null && !labels.isBlank()) {
      b.labels(labels);
    }
    return DemoProcessors.register(b).start();
  }

  /** Starts a demo worker from the settings above and runs until the process is stopped (Ctrl-C, SIGTERM). */
  public static void main(String[] args) throws InterruptedException {
    Worker worker;
    try {
      worker = start(setting("drover.worker.app", "demo"), setting("drover.worker.secret", null),
          setting("drover.worker.servers", "127.0.0.1:7701"), setting("drover.worker.labels", null),
          builtinsSetting());
    } catch (IllegalArgumentException e) {
      log.error("Cannot start the demo worker: {}", e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Stopping: running attempts have up to {} s to finish", SHUTDOWN_DEADLINE.toSeconds());
      worker.shutdown(SHUTDOWN_DEADLINE);
      stopped.countDown();
    }, "drover-demo-worker-shutdown"));
    stopped.await();
  }

  /** The builtins to enable: the setting when given, even empty (none); the defaults when absent. */
  static String builtinsSetting() {
    String key = "drover.worker.builtins";
    String v = System.getProperty(key);
    if (v == null) {
      v = System.getenv(envName(key));
    }
    return v == null ? DEFAULT_BUILTINS : v.trim();
  }

  /** A system property, else its environment variable ({@code drover.worker.app} is DROVER_WORKER_APP). */
  static String setting(String key, String dflt) {
    String v = System.getProperty(key);
    if (v == null || v.isBlank()) {
      v = System.getenv(envName(key));
    }
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
