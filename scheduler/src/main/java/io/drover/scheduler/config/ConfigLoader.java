package io.drover.scheduler.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a {@link ServerConfig}: built-in defaults, then the properties file, then environment variables
 * ({@code drover.zk.connect} is {@code DROVER_ZK_CONNECT}), then system properties ({@code -Ddrover.zk.connect}).
 * The later source wins. Bad values fail at start with the key named.
 */
public final class ConfigLoader {
  private final Properties file;
  private final Map<String, String> env;
  private final Properties system;

  public ConfigLoader(Properties file, Map<String, String> env, Properties system) {
    this.file = file;
    this.env = env;
    this.system = system;
  }

  /** Loads {@code file} if given (it must exist then), plus the process environment and system properties. */
  public static ServerConfig load(Path file) {
    Properties p = new Properties();
    if (file != null) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
      }
    }
    return new ConfigLoader(p, System.getenv(), System.getProperties()).read();
  }

  public ServerConfig read() {
    int httpPort = port("drover.http.port", 7700);
    String host = string("drover.server.host", "127.0.0.1");
    String zkRoot = string("drover.zk.root", "/drover");
    if (!zkRoot.startsWith("/") || (zkRoot.length() > 1 && zkRoot.endsWith("/"))) {
      throw new IllegalArgumentException("drover.zk.root must start with '/' and not end with '/', got '" + zkRoot + "'");
    }
    ServerConfig c = new ServerConfig(
        string("drover.server.id", "server-" + host + "-" + httpPort),
        host,
        string("drover.bind.host", host),
        httpPort,
        port("drover.transport.port", 7701),
        required("drover.zk.connect", "127.0.0.1:2181"),
        zkRoot,
        (int) positive("drover.zk.session-timeout-ms", 5_000),
        // Curator warns when the connection timeout exceeds the session timeout: default to the same value
        (int) positive("drover.zk.connect-timeout-ms", positive("drover.zk.session-timeout-ms", 5_000)),
        required("drover.db.url", null),
        string("drover.db.user", "root"),
        string("drover.db.password", ""),
        (int) positive("drover.db.pool-size", 16),
        positive("drover.trigger.tick-ms", 200),
        positive("drover.trigger.lookahead-ms", 1_000),
        positive("drover.worker.heartbeat-interval-ms", 1_000),
        positive("drover.worker.idle-timeout-ms", 10_000),
        positive("drover.dispatch.no-worker-timeout-ms", 30_000),
        positive("drover.trigger.misfire-threshold-ms", 15_000),
        positive("drover.takeover.grace-ms", 10_000),
        (int) positive("drover.transport.max-frame-bytes", 1 << 20),
        positive("drover.http.max-request-bytes", 1 << 20),
        bool("drover.api.auth.enabled", true),
        (int) positive("drover.log.retention-days", 7),
        (int) number("drover.dispatch.worker-loss-retries", 2),
        noWorkerStatus(raw("drover.dispatch.no-worker-status")),
        positive("drover.zk.app-check-interval-ms", 60_000),
        number("drover.trigger.record-ahead-ms", 250),
        (int) positive("drover.trigger.fire-threads", 2));
    if (c.lookaheadMs() < c.tickMs()) {
      throw new IllegalArgumentException("drover.trigger.lookahead-ms (" + c.lookaheadMs()
          + ") must be at least drover.trigger.tick-ms (" + c.tickMs() + ")");
    }
    if (c.recordAheadMs() < 0 || c.recordAheadMs() >= c.lookaheadMs()) {
      throw new IllegalArgumentException("drover.trigger.record-ahead-ms must be 0 or more and less than"
          + " drover.trigger.lookahead-ms (" + c.lookaheadMs() + "), got " + c.recordAheadMs());
    }
    if (c.workerLossRetries() < 0) {
      throw new IllegalArgumentException("drover.dispatch.worker-loss-retries must be 0 or more, got "
          + c.workerLossRetries());
    }
    return c;
  }

  /** The value of a key: system property, else environment variable, else file, else null. */
  String raw(String key) {
    String v = system.getProperty(key);
    if (v == null) {
      v = env.get(envName(key));
    }
    if (v == null) {
      v = file.getProperty(key);
    }
    return v == null ? null : v.trim();
  }

  /** {@code drover.zk.session-timeout-ms} is {@code DROVER_ZK_SESSION_TIMEOUT_MS}. */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private String string(String key, String dflt) {
    String v = raw(key);
    return v == null || v.isEmpty() ? dflt : v;
  }

  private String required(String key, String dflt) {
    String v = string(key, dflt);
    if (v == null) {
      throw new IllegalArgumentException(key + " is required (or " + envName(key) + " / -D" + key + ")");
    }
    return v;
  }

  private static io.drover.scheduler.instance.InstanceStatus noWorkerStatus(String v) {
    if (v == null || v.isEmpty() || v.equalsIgnoreCase("FAILED")) {
      return io.drover.scheduler.instance.InstanceStatus.FAILED;
    }
    if (v.equalsIgnoreCase("SKIPPED")) {
      return io.drover.scheduler.instance.InstanceStatus.SKIPPED;
    }
    throw new IllegalArgumentException("drover.dispatch.no-worker-status must be FAILED or SKIPPED, got '" + v + "'");
  }

  private boolean bool(String key, boolean dflt) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
  }

  private long positive(String key, long dflt) {
    long v = number(key, dflt);
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + v);
    }
    return v;
  }

  private int port(String key, int dflt) {
    long v = number(key, dflt);
    if (v < 0 || v > 65535) {
      throw new IllegalArgumentException(key + " must be a port in 0..65535 (0 = any free port), got " + v);
    }
    return (int) v;
  }

  private long number(String key, long dflt) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
    }
  }
}
