package io.drover.bench.procs;

import io.drover.scheduler.ServerMain;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Drover server of a {@link ProcessCluster}, run as {@code java ... io.drover.scheduler.ServerMain} with
 * {@code -Ddrover.*} settings. Its id and ports stay the same across restarts; each run appends to the same log.
 */
final class ServerProcess implements AutoCloseable {
  /** A clean stop hands every led app over first; more than this means something is stuck. */
  static final Duration STOP_GRACE = Duration.ofSeconds(60);

  /** The server's process ended before it answered {@code /health} with 200. */
  static final class ExitedDuringStart extends IllegalStateException {
    ExitedDuringStart(String message) {
      super(message);
    }
  }

  private final String id;
  private final int httpPort;
  private final int transportPort;
  private final String heap;
  private final Map<String, String> properties;
  private final Path dir;
  private final DroverHttp http;
  private ChildJvm jvm;
  private int runs;

  ServerProcess(String id, int httpPort, int transportPort, String heap, Map<String, String> properties, Path dir,
                DroverHttp http) {
    this.id = id;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
    this.heap = heap;
    this.properties = properties;
    this.dir = dir;
    this.http = http;
  }

  String id() {
    return id;
  }

  int httpPort() {
    return httpPort;
  }

  int transportPort() {
    return transportPort;
  }

  /** Starts the process (not waiting for it to serve: see {@link #awaitHealthy}). */
  synchronized void start() throws IOException {
    if (jvm != null && jvm.isAlive()) {
      throw new IllegalStateException("server " + id + " runs already: " + jvm);
    }
    runs++;
    jvm = ChildJvm.start(new ChildJvm.Launch("server " + id + " run " + runs, ServerMain.class.getName(), heap,
        properties, List.of(), dir.resolve(id + ".log"), dir.resolve(id)));
  }

  /**
   * Waits until {@code GET /health} answers 200 and returns when that was (epoch ms); fails with the log's tail
   * when the process exits first or the time runs out.
   */
  long awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (http.health(httpPort).isPresent()) {
        return System.currentTimeMillis();
      }
      ChildJvm j = current();
      if (!j.isAlive()) {
        throw new ExitedDuringStart("server " + id + " exited before it was healthy; its log " + j.logFile()
            + " ends:\n" + j.tail(40));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("server " + id + " not healthy within " + timeout.toSeconds()
            + " s; its log " + j.logFile() + " ends:\n" + j.tail(40));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** The apps this server says it leads ({@code /health}), when it answers. */
  Optional<List<String>> ledApps() throws InterruptedException {
    return http.health(httpPort);
  }

  /** kill -9; returns the moment (epoch ms) the signal was sent. */
  long kill() throws InterruptedException {
    ChildJvm j = current();
    long at = System.currentTimeMillis();
    j.kill();
    return at;
  }

  /**
   * SIGTERM, then waits for the exit (the server hands its apps over first); returns the moment (epoch ms) the
   * signal was sent. Fails when the server had to be killed or exited with an error.
   */
  long stop() throws InterruptedException {
    ChildJvm j = current();
    long at = System.currentTimeMillis();
    Optional<Integer> exit = j.stop(STOP_GRACE);
    if (exit.isEmpty()) {
      throw new IllegalStateException("server " + id + " did not stop within " + STOP_GRACE.toSeconds()
          + " s of SIGTERM and was killed; its log " + j.logFile() + " ends:\n" + j.tail(40));
    }
    // 143 = 128 + SIGTERM: a JVM ended by the signal after its shutdown hooks ran
    if (exit.get() != 0 && exit.get() != 143) {
      throw new IllegalStateException("server " + id + " exited with " + exit.get() + " after SIGTERM; its log "
          + j.logFile() + " ends:\n" + j.tail(40));
    }
    return at;
  }

  boolean isAlive() {
    ChildJvm j = jvm;
    return j != null && j.isAlive();
  }

  /** The running process, for checks that nothing is left. */
  Optional<ProcessHandle> handle() {
    ChildJvm j = jvm;
    return j == null ? Optional.empty() : Optional.of(j.handle());
  }

  Path logFile() {
    return dir.resolve(id + ".log");
  }

  private synchronized ChildJvm current() {
    if (jvm == null) {
      throw new IllegalStateException("server " + id + " was never started");
    }
    return jvm;
  }

  /** SIGTERM and wait (SIGKILL after {@link #STOP_GRACE}), if it runs. */
  @Override
  public void close() throws InterruptedException {
    ChildJvm j = jvm;
    if (j != null && j.isAlive()) {
      j.stop(STOP_GRACE);
    }
  }

  @Override
  public String toString() {
    return "server " + id + " (http " + httpPort + ", transport " + transportPort + ")";
  }
}
