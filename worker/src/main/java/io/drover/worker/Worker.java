package io.drover.worker;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Drover worker: keeps one connection to the leader of its app and runs the attempts the leader dispatches with
 * the registered {@link Processor}s.
 *
 * <pre>{@code
 * Worker worker = Worker.builder()
 *     .app("order-service").secret(secret)
 *     .servers("10.0.0.1:7701,10.0.0.2:7701")
 *     .processor("settle", ctx -> Result.ok("settled " + ctx.params()))
 *     .start();
 * Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
 * }</pre>
 *
 * <p>{@link Builder#start()} returns at once; the worker connects in the background and keeps reconnecting (trying
 * the servers in order, following redirects to the leader) until {@link #close()}. Outcomes of attempts and
 * instance log lines written while disconnected are kept and sent after the next connection. Thread-safe.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  /** How long {@link #close()} lets running attempts finish, unless the builder says otherwise. */
  public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(30);
  /** How long an attempt runs before it reports RUNNING, unless the builder says otherwise. */
  public static final Duration DEFAULT_RUNNING_REPORT_DELAY = Duration.ofMillis(20);

  private final WorkerConfig config;
  private final WorkerThreads executionThreads;
  private final WorkerThreads helperThreads;
  private final AttemptRunner runner;
  private final ReportOutbox outbox;
  private final LogBuffer logs;
  private final WorkerThreads subtaskThreads;
  private final MapRelay relay;
  private final SubtaskRunner subtasks;
  private final Connector connector;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private Worker(WorkerConfig config) {
    this.config = config;
    Clock clock = Clock.systemUTC();
    EpochFence fence = new EpochFence();
    this.outbox = new ReportOutbox(config.tuning().reportBufferLimit());
    this.logs = LogBuffer.of(config.tuning(), clock);
    this.executionThreads = new WorkerThreads(config.threadNamePrefix() + "exec-", false);
    this.helperThreads = new WorkerThreads(config.threadNamePrefix() + "helper-", false);
    Map<String, Processor> processors = new LinkedHashMap<>(config.processors());
    processors.putAll(Builtins.create(config.builtins(), helperThreads));
    this.subtaskThreads = new WorkerThreads(config.threadNamePrefix() + "subtask-", false);
    this.relay = new MapRelay(config.workerId(), config.capacity(), config.map(), helperThreads);
    this.subtasks = new SubtaskRunner(config.workerId(), config.capacity(), processors, relay, logs, subtaskThreads);
    relay.bind(subtasks);
    RunningReports running = new RunningReports(config.runningReportDelay().toMillis(), outbox::send,
        helperThreads);
    this.runner = new AttemptRunner(config.workerId(), config.capacity(), processors, fence, outbox::send, logs,
        executionThreads, relay, running);
    this.connector = new Connector(config, runner, outbox, logs, fence, clock, relay);
  }

  /** A builder for a worker; {@link Builder#app(String)} and {@link Builder#servers(String)} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** This worker's id, as given to the builder or generated ({@code hostname-pid-xxxx}). */
  public String id() {
    return config.workerId();
  }

  /**
   * Waits until the worker is connected to, and welcomed by, the leader of its app.
   *
   * @return true when connected; false when the timeout passed first, the worker is closed or the calling
   *     thread was interrupted (its interrupt flag is then set again)
   */
  public boolean awaitConnected(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return connector.awaitConnected(timeout);
  }

  /** The {@code host:port} of the server that welcomed the worker, while connected; empty otherwise. */
  public Optional<String> connectedServer() {
    return connector.connectedServer();
  }

  /**
   * Shuts the worker down gracefully within the deadline given to {@link Builder#shutdownDeadline(Duration)}
   * (30 seconds by default): see {@link #shutdown(Duration)}. Idempotent.
   */
  @Override
  public void close() {
    shutdown(config.shutdownDeadline());
  }

  /**
   * Shuts the worker down, letting running attempts finish for up to {@code deadline}:
   *
   * <ol>
   *   <li>takes no more work: a DISPATCH is refused ("worker shutting down") and heartbeats report no free slot;
   *   <li>waits until the running attempts end, or the deadline passes;
   *   <li>interrupts the attempts still running and reports them FAILED ("worker shut down before the attempt
   *       finished"), so that the server retries them elsewhere;
   *   <li>sends the waiting reports and instance log lines, says GOODBYE to the server, closes the connection and
   *       ends every thread the worker started.
   * </ol>
   *
   * <p>A zero deadline interrupts running attempts at once. The connection keeps working (and reconnecting) while
   * attempts finish. Returns when the worker is closed; a second call waits for the first to end. Do not call it
   * from a processor, which would wait for itself.
   *
   * @param deadline how long running attempts may go on; not negative
   */
  public void shutdown(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("shutdown deadline must not be negative, got " + deadline);
    }
    if (!closing.compareAndSet(false, true)) {
      awaitClosed();
      return;
    }
    try {
      drain(deadline);
      closeAll();
    } finally {
      closed.countDown();
    }
  }

  private void drain(Duration deadline) {
    runner.drain();
    connector.heartbeatNow(); // no free slot while attempts remain: the server sees a draining worker
    int running = runner.runningCount();
    if (running == 0) {
      log.info("Closing worker {} of app {}", config.workerId(), config.app());
      return;
    }
    log.info("Shutting down worker {} of app {}: no new work; waiting up to {} ms for {} running attempts",
        config.workerId(), config.app(), deadline.toMillis(), running);
    if (!runner.awaitIdle(deadline) && !deadline.isZero()) {
      log.warn("Worker {}: {} attempts still running after {} ms; interrupting them, they are reported FAILED",
          config.workerId(), runner.runningCount(), deadline.toMillis());
    }
  }

  private void closeAll() {
    long timeoutMs = config.tuning().closeTimeoutMs();
    runner.close(AttemptRunner.SHUT_DOWN);
    subtasks.close();
    runner.awaitTermination(timeoutMs);
    subtasks.awaitTermination(timeoutMs);
    relay.close();
    connector.close();
    if (!executionThreads.awaitAllEnded(timeoutMs) || !helperThreads.awaitAllEnded(timeoutMs)
        || !subtaskThreads.awaitAllEnded(timeoutMs)) {
      log.warn("Worker {}: some processor threads did not end within {} ms", config.workerId(), timeoutMs);
    }
    int unsent = outbox.pendingCount();
    if (unsent > 0) {
      log.warn("Worker {} closed with {} reports never sent; the server retries those attempts", config.workerId(),
          unsent);
    }
    int unsentLines = logs.pendingCount();
    if (unsentLines > 0) {
      log.warn("Worker {} closed with {} instance log lines never sent", config.workerId(), unsentLines);
    }
    log.info("Worker {} closed", config.workerId());
  }

  private void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- for tests in this package

  String threadNamePrefix() {
    return config.threadNamePrefix();
  }

  Connector.State connectionState() {
    return connector.state();
  }

  private Worker startConnecting() {
    log.info("Starting {}", config);
    connector.start();
    return this;
  }

  /**
   * Collects and validates a worker's settings. Setters check their argument at once and throw
   * {@link IllegalArgumentException} with a clear message; {@link #start()} checks that the required ones are set.
   */
  public static final class Builder {
    private String app;
    private String secret;
    private List<ServerAddress> servers;
    private String workerId;
    private Map<String, String> labels = Map.of();
    private int capacity = 16;
    private final Map<String, Processor> processors = new LinkedHashMap<>();
    private List<String> builtins = List.of();
    private Duration shutdownDeadline = DEFAULT_SHUTDOWN_DEADLINE;
    private Duration runningReportDelay = DEFAULT_RUNNING_REPORT_DELAY;
    private Tuning tuning = Tuning.DEFAULTS;
    private int taskMaxAttempts = MapSettings.DEFAULTS.taskMaxAttempts();
    private int maxSubtaskResultBytes = MapSettings.DEFAULTS.maxResultBytes();

    private Builder() {}

    /** The app group the worker belongs to (required), e.g. {@code order-service}. */
    public Builder app(String app) {
      if (app == null || app.isBlank()) {
        throw new IllegalArgumentException("app must not be blank");
      }
      this.app = app.trim();
      return this;
    }

    /**
     * The app's secret, as the servers know it; null (the default) or empty for none. The secret itself never
     * leaves the process: each HELLO carries an HMAC proof of it, bound to that connection's challenge.
     */
    public Builder secret(String secret) {
      this.secret = secret;
      return this;
    }

    /** The servers to connect to (required): comma separated {@code host:port}, tried in order. */
    public Builder servers(String servers) {
      this.servers = ServerAddress.parseList(servers);
      return this;
    }

    /** A stable id for this worker process; default {@code hostname-pid-xxxx} (4 random hex digits). */
    public Builder workerId(String workerId) {
      if (workerId == null || workerId.isBlank()) {
        throw new IllegalArgumentException("workerId must not be blank");
      }
      if (workerId.trim().codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw new IllegalArgumentException("workerId '" + workerId
            + "' must not contain spaces or control characters");
      }
      this.workerId = workerId.trim();
      return this;
    }

    /** Labels for worker selectors, as {@code key=value} pairs separated by commas, e.g. {@code zone=a,gpu=true}. */
    public Builder labels(String labels) {
      Map<String, String> parsed = new LinkedHashMap<>();
      if (labels != null) {
        for (String pair : labels.split(",")) {
          if (pair.isBlank()) {
            continue;
          }
          int eq = pair.indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("malformed label '" + pair.trim() + "' in '" + labels
                + "': expected key=value");
          }
          put(parsed, pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
      this.labels = parsed;
      return this;
    }

    /** Labels for worker selectors; keys must not be blank, values not null. */
    public Builder labels(Map<String, String> labels) {
      Map<String, String> copy = new LinkedHashMap<>();
      if (labels != null) {
        labels.forEach((k, v) -> put(copy, k == null ? "" : k.trim(), v));
      }
      this.labels = copy;
      return this;
    }

    private static void put(Map<String, String> labels, String key, String value) {
      if (key.isEmpty()) {
        throw new IllegalArgumentException("label key must not be blank (value '" + value + "')");
      }
      if (value == null) {
        throw new IllegalArgumentException("label '" + key + "' has no value");
      }
      if (labels.put(key, value) != null) {
        throw new IllegalArgumentException("label '" + key + "' is given twice");
      }
    }

    /** How many attempts the worker runs at once (default 16, at least 1). */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** Registers a processor under the name jobs refer to; each name once. */
    public Builder processor(String name, Processor processor) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("processor name must not be blank");
      }
      if (processor == null) {
        throw new IllegalArgumentException("processor '" + name + "' is null");
      }
      if (processors.putIfAbsent(name.trim(), processor) != null) {
        throw new IllegalArgumentException("processor '" + name.trim() + "' is registered twice");
      }
      return this;
    }

    /**
     * Enables built-in processors, registered under their names; none by default, since they run programs and call
     * URLs named by the job's params. Names may also be given comma separated ({@code "shell,http"}).
     *
     * <ul>
     *   <li>{@code shell} runs a script: params {@code {"script": "echo hi"}} or {@code {"file": "/path/x.sh"}},
     *       optional {@code "shell"} (default {@code /bin/sh}), {@code "env"} (an object), {@code "workDir"} and
     *       {@code "timeoutMs"}. Output lines go to the instance log (stderr as WARN); exit code 0 succeeds.
     *       A timeout or a STOP kills the script and everything it started.
     *   <li>{@code http} calls a URL: params {@code {"url": "http://..."}}, optional {@code "method"} (default
     *       GET), {@code "body"}, {@code "headers"} (an object), {@code "expectedStatus"} (default any 2xx) and
     *       {@code "timeoutMs"} (default 10000). The result is {@code HTTP <status>: <first 1 KiB of the body>}.
     * </ul>
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public Builder builtins(String... names) {
      this.builtins = Builtins.parse(names);
      return this;
    }

    /**
     * How long {@link Worker#close()} lets running attempts finish before interrupting them (default 30 seconds;
     * zero interrupts at once).
     */
    public Builder shutdownDeadline(Duration deadline) {
      if (deadline == null || deadline.isNegative()) {
        throw new IllegalArgumentException("shutdown deadline must be zero or more, got " + deadline);
      }
      this.shutdownDeadline = deadline;
      return this;
    }

    /**
     * How long an attempt runs before the worker reports it RUNNING (default 20 ms, at most 10 s; zero reports at
     * once). An attempt that ends sooner sends no RUNNING report: its outcome carries its start time, so the
     * server records the same start with one frame fewer each way. Until the report, the instance shows
     * DISPATCHED. Tasks of a broadcast always report at once.
     */
    public Builder runningReportDelay(Duration delay) {
      if (delay == null || delay.isNegative() || delay.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("running report delay must be 0..10 s, got " + delay);
      }
      this.runningReportDelay = delay;
      return this;
    }

    /**
     * How many times a subtask of a MAP or MAP_REDUCE instance coordinated by this worker is tried before it counts
     * as failed (default 3, 1..100). Subtasks sent again because their worker left use up no try.
     */
    public Builder taskMaxAttempts(int attempts) {
      this.taskMaxAttempts = attempts;
      new MapSettings(attempts, maxSubtaskResultBytes);
      return this;
    }

    /**
     * The largest result text (UTF-8 bytes) of one subtask this worker runs (default 64 KiB, at most 512 KiB); a
     * bigger result fails the subtask with a message naming this limit.
     */
    public Builder maxSubtaskResultBytes(int bytes) {
      this.maxSubtaskResultBytes = bytes;
      new MapSettings(taskMaxAttempts, bytes);
      return this;
    }

    /** Test seam: shorter timings. */
    Builder tuning(Tuning tuning) {
      this.tuning = Objects.requireNonNull(tuning, "tuning");
      return this;
    }

    /** Validates the settings and starts the worker; it connects in the background. */
    public Worker start() {
      if (app == null) {
        throw new IllegalArgumentException("app is required");
      }
      if (servers == null) {
        throw new IllegalArgumentException("servers are required (comma separated host:port)");
      }
      for (String b : builtins) {
        if (processors.containsKey(b)) {
          throw new IllegalArgumentException("processor '" + b + "' is registered twice: as a processor and as a "
              + "builtin");
        }
      }
      if (processors.isEmpty() && builtins.isEmpty()) {
        log.warn("Worker of app {} starts with no processors: every dispatch to it will fail", app);
      }
      String host = hostName();
      String id = workerId != null ? workerId : defaultWorkerId(host);
      WorkerConfig config = new WorkerConfig(app, secret, servers, id, host, labels, capacity, processors,
          builtins, shutdownDeadline, tuning, new MapSettings(taskMaxAttempts, maxSubtaskResultBytes),
          runningReportDelay);
      return new Worker(config).startConnecting();
    }

    private static String defaultWorkerId(String host) {
      String safeHost = host.replaceAll("[^A-Za-z0-9._-]", "_");
      return safeHost + "-" + ProcessHandle.current().pid() + "-"
          + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    private static String hostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        String fallback = ManagementFactory.getRuntimeMXBean().getName();
        int at = fallback.indexOf('@');
        String host = at >= 0 ? fallback.substring(at + 1) : "localhost";
        log.debug("Cannot resolve the local host name ({}); using '{}'", e.getMessage(), host);
        return host;
      }
    }
  }
}
