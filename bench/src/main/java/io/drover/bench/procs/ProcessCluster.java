package io.drover.bench.procs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Drover cluster of real processes on 127.0.0.1, every port a free one: an infrastructure child
 * ({@link BenchInfra}: ZooKeeper, and MariaDB unless an external MySQL database is used), N server children
 * ({@code io.drover.scheduler.ServerMain}) and M worker children ({@link BenchWorkerMain}). Every child writes to
 * a log file in one temporary directory, kept and printed when a run fails ({@link #keepLogs}). {@link #close()}
 * stops everything in reverse order of start and then makes sure that no child process is left.
 */
final class ProcessCluster implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String WORKER_HEAP = "128m";
  private static final int START_ATTEMPTS = 3;

  private final ClusterSpec spec;
  private final PrintStream out;
  private final Path dir;
  private final FreePorts ports = new FreePorts();
  private final DroverHttp http = new DroverHttp();
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  /** Every process this cluster started, including runs of servers since stopped, for the final check. */
  private final List<ProcessHandle> children = new ArrayList<>();
  private final List<ServerProcess> servers = new ArrayList<>();
  private final Map<String, String> serverProperties = new LinkedHashMap<>();
  private Database db;
  private InstanceTable instances;
  private final Thread exitHook;
  private boolean keepLogs;
  private int startRetries;

  private ProcessCluster(ClusterSpec spec, PrintStream out, Path dir) {
    this.spec = spec;
    this.out = out;
    this.dir = dir;
    this.exitHook = new Thread(this::stopAtExit, "bench-procs-exit");
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  /**
   * The bench JVM exits (Ctrl-C, SIGTERM) without {@link #close()}: SIGTERM to every child, so that no server is
   * left running without its cluster (the infrastructure stops MariaDB on it), SIGKILL to what remains after 20 s.
   */
  private void stopAtExit() {
    List<ProcessHandle> alive = leftovers();
    alive.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (ProcessHandle p : alive) {
      try {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        alive.forEach(ProcessHandle::destroyForcibly);
        return;
      }
    }
  }

  /** Starts the whole cluster, creates its apps and connects its workers; on failure stops what started. */
  static ProcessCluster start(ClusterSpec spec, PrintStream out) throws Exception {
    ProcessCluster c = new ProcessCluster(spec, out, Files.createTempDirectory("drover-procs-"));
    try {
      c.startInfrastructure();
      c.startServers();
      c.createApps();
      c.startWorkers();
      return c;
    } catch (Exception | Error e) {
      c.keepLogs();
      c.close();
      throw e;
    }
  }

  private void startInfrastructure() throws Exception {
    InfraProcess infra = InfraProcess.start(dir, spec.external() == null);
    push(infra, infra.handle());
    db = push(spec.external() == null ? Database.embedded(infra.dbUrl()) : Database.create(spec.external()), null);
    instances = new InstanceTable(db);
    serverProperties.put("drover.server.host", "127.0.0.1");
    serverProperties.put("drover.bind.host", "127.0.0.1");
    serverProperties.put("drover.zk.connect", infra.zkConnect());
    serverProperties.put("drover.zk.session-timeout-ms", String.valueOf(spec.sessionTimeoutMs()));
    serverProperties.put("drover.db.url", db.url());
    serverProperties.put("drover.db.user", db.user());
    serverProperties.put("drover.db.password", db.password());
    serverProperties.put("drover.db.pool-size", "8");
    // a closed loopback setup: the bench's HTTP calls carry no API token
    serverProperties.put("drover.api.auth.enabled", "false");
    serverProperties.put("drover.bench.log.level", "INFO"); // leadership changes in the servers' logs
    // -Ddrover.* given to the bench override its settings, for experiments (-Ddrover.trigger.tick-ms=100)
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("drover.")) {
        serverProperties.put(key, System.getProperty(key));
      }
    }
    out.printf("Infrastructure up: ZooKeeper %s, %s; logs in %s%n", infra.zkConnect(), db.description(), dir);
  }

  private void startServers() throws Exception {
    for (int i = 1; i <= spec.servers(); i++) {
      String id = "s" + i;
      int httpPort = ports.next();
      int transportPort = ports.next();
      Map<String, String> p = new LinkedHashMap<>(serverProperties);
      p.put("drover.server.id", id);
      p.put("drover.http.port", String.valueOf(httpPort));
      p.put("drover.transport.port", String.valueOf(transportPort));
      ServerProcess s = new ServerProcess(id, httpPort, transportPort, spec.serverHeap(), p, dir, http);
      servers.add(s);
      push(s, null);
    }
    // the first alone, so that the schema migrations run once, then the others side by side
    startAndAwait(servers.get(0));
    for (ServerProcess s : servers.subList(1, servers.size())) {
      startServer(s);
    }
    for (ServerProcess s : servers.subList(1, servers.size())) {
      awaitStarted(s);
    }
    out.printf("%d servers healthy: %s%n", servers.size(), servers);
  }

  private void createApps() throws IOException, InterruptedException {
    for (String app : spec.apps()) {
      http.createApp(anyHealthyPort(), app, ClusterSpec.SECRET);
    }
    for (String app : spec.apps()) {
      awaitLeader(app, START_TIMEOUT);
    }
  }

  private void startWorkers() throws Exception {
    String addresses = servers.stream().map(s -> "127.0.0.1:" + s.transportPort())
        .collect(Collectors.joining(","));
    List<ChildJvm> workers = new ArrayList<>();
    for (int i = 1; i <= spec.workers(); i++) {
      ChildJvm w = ChildJvm.start(new ChildJvm.Launch("worker w" + i, BenchWorkerMain.class.getName(), WORKER_HEAP,
          Map.of(), List.of(addresses, "w" + i, ClusterSpec.SECRET, String.join(",", spec.apps())),
          dir.resolve("w" + i + ".log"), dir.resolve("w" + i)));
      push(w, w.handle());
      workers.add(w);
    }
    for (ChildJvm w : workers) {
      w.awaitLine("CONNECTED", START_TIMEOUT);
    }
    out.printf("%d worker process(es) connected to %d app(s)%n", workers.size(), spec.apps().size());
  }

  private <T extends AutoCloseable> T push(T c, ProcessHandle process) {
    started.push(c);
    if (process != null) {
      children.add(process);
    }
    return c;
  }

  /**
   * Starts (or restarts) a server and waits until it is healthy; returns when it was (epoch ms). A server that
   * exits while starting is started again, up to {@value #START_ATTEMPTS} times in all: on a loaded machine its
   * first database connection can time out (it fails fast by design), which is not what the benches measure.
   * Every such retry is counted in {@link #startRetries()} and printed.
   */
  long startAndAwait(ServerProcess s) throws IOException, InterruptedException {
    startServer(s);
    return awaitStarted(s);
  }

  private void startServer(ServerProcess s) throws IOException {
    s.start();
    s.handle().ifPresent(children::add);
  }

  private long awaitStarted(ServerProcess s) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return s.awaitHealthy(START_TIMEOUT);
      } catch (ServerProcess.ExitedDuringStart e) {
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
        startRetries++;
        out.printf("WARN: server %s exited while starting (attempt %d of %d), starting it again; see %s%n", s.id(),
            attempt, START_ATTEMPTS, s.logFile());
        startServer(s);
      }
    }
  }

  /** How many times a server had to be started again because it exited while starting. */
  int startRetries() {
    return startRetries;
  }

  List<ServerProcess> servers() {
    return List.copyOf(servers);
  }

  ServerProcess server(String id) {
    return servers.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no server " + id + " in " + servers));
  }

  DroverHttp http() {
    return http;
  }

  InstanceTable instances() {
    return instances;
  }

  /** The HTTP port of a server whose process runs and that answers {@code /health}. */
  int anyHealthyPort() throws InterruptedException {
    return healthyServer().orElseThrow(() -> new IllegalStateException("no server of " + servers + " is healthy"))
        .httpPort();
  }

  private Optional<ServerProcess> healthyServer() throws InterruptedException {
    for (ServerProcess s : servers) {
      if (s.isAlive() && s.ledApps().isPresent()) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Waits until the app has a leader that runs and says so itself ({@code /health} lists the app, so its takeover
   * is done), and returns it as {@code GET /api/v1/apps} shows it.
   */
  DroverHttp.AppLeader awaitLeader(String app, Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      Optional<ServerProcess> asked = healthyServer();
      if (asked.isPresent()) {
        Optional<DroverHttp.AppLeader> a = http.apps(asked.get().httpPort()).stream()
            .filter(x -> x.name().equals(app)).findFirst();
        last = a.map(Object::toString).orElse("app not listed");
        if (a.isPresent() && a.get().leader() != null) {
          ServerProcess leader = server(a.get().leader());
          if (leader.isAlive() && leader.ledApps().map(l -> l.contains(app)).orElse(false)) {
            return a.get();
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("app " + app + " has no settled leader after " + timeout.toSeconds()
            + " s (last seen: " + last + ")");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** Creates a FIXED_RATE job with the no-op processor through the API. */
  DroverHttp.CreatedJob createJob(String app, String name, long periodMs) throws IOException, InterruptedException {
    return http.createFixedRateJob(anyHealthyPort(), app, name, periodMs, BenchWorkerMain.PROCESSOR);
  }

  /** Disables the job through the API; returns the moment (epoch ms) the request was sent. */
  long disableJob(long jobId) throws IOException, InterruptedException {
    int port = anyHealthyPort();
    long at = System.currentTimeMillis();
    http.disableJob(port, jobId);
    return at;
  }

  /** {@code drover.trigger.misfire-threshold-ms} as the servers run with it. */
  long misfireThresholdMs() {
    return Long.parseLong(serverProperties.getOrDefault("drover.trigger.misfire-threshold-ms", "15000"));
  }

  /** The settings the servers share, for the result's details (the database password left out). */
  Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>(serverProperties);
    m.remove("drover.db.password");
    m.put("servers", String.valueOf(spec.servers()));
    m.put("workerProcesses", String.valueOf(spec.workers()));
    m.put("serverHeap", spec.serverHeap());
    m.put("database", db == null ? "" : db.description());
    return m;
  }

  Path logDir() {
    return dir;
  }

  /** Keeps the log directory after {@link #close()} and names it there: the run failed. */
  void keepLogs() {
    keepLogs = true;
  }

  /** The processes this cluster started that still run. */
  List<ProcessHandle> leftovers() {
    return children.stream().flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
        .filter(ProcessHandle::isAlive).distinct().toList();
  }

  /**
   * Stops workers, servers, the database and the infrastructure, in reverse order of start; then kills (and
   * reports) any process of the run still alive, so that none is ever left behind.
   */
  @Override
  public void close() throws InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException exiting) {
      // the JVM is exiting: the hook stops the children as well, this close goes on in the meantime
    }
    List<ProcessHandle> all = new ArrayList<>(leftovers()); // mariadbd below the infrastructure included
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        keepLogs = true;
        out.println("WARN: interrupted while stopping " + c + "; killing what is left");
        break;
      } catch (Exception e) {
        keepLogs = true;
        out.println("WARN: error while stopping " + c + ": " + e);
      }
    }
    for (ProcessHandle p : all) {
      if (p.isAlive()) {
        keepLogs = true;
        out.println("WARN: process " + p.pid() + " " + p.info().commandLine().orElse("") + " still ran; killed");
        p.destroyForcibly();
        try {
          p.onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          out.println("WARN: process " + p.pid() + " did not end within 10 s of SIGKILL: " + e);
        }
      }
    }
    if (keepLogs) {
      out.println("Logs of the run kept in " + dir);
    } else {
      deleteQuietly(dir);
    }
  }

  private void deleteQuietly(Path root) {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      out.println("WARN: cannot delete the log directory " + root + ": " + e);
    }
  }
}
