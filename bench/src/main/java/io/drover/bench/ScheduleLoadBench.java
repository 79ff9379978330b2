package io.drover.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A scheduling load driver: one Drover server with its ZooKeeper, database and workers in this JVM, {@code jobs}
 * FIXED_RATE jobs created through the HTTP API, a warm-up, then a measured window read back from the
 * {@code instance} table. Prints a markdown table and writes the figures as JSON. See {@code bench/README.md}.
 *
 * <pre>
 *   bench/run-schedule-load.sh [jobs] [seconds] [workers]     # defaults 10000 60 2
 *   bench/run-schedule-load.sh --smoke                         # 50 jobs, 5 s: the whole path, quickly
 * </pre>
 */
public final class ScheduleLoadBench {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int DB_POOL_SIZE = 16;
  private static final long LAG_SAMPLE_MS = 5_000;

  private ScheduleLoadBench() {}

  /** The report of a run and where its JSON went. */
  record Outcome(LoadReport report, Path json) {}

  public static void main(String[] args) throws InterruptedException {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    int code = 0;
    try {
      run(options, System.out);
    } catch (Exception e) {
      System.err.println("Schedule load bench failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    if (!nothingLeft(before, System.out) && code == 0) {
      code = 3;
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the whole bench: start, load, measure, read, report, stop. */
  static Outcome run(LoadOptions o, PrintStream out) throws Exception {
    out.printf("Schedule load: %d jobs every %d ms, %d worker(s), %d s window after %d s warm-up%s%n", o.jobs(),
        o.periodMs(), o.workers(), o.seconds(), o.warmupSeconds(), o.smoke() ? " (smoke)" : "");
    WorkerStarts starts = new WorkerStarts(startsCapacity(o));
    try (LoadCluster cluster = new LoadCluster(out)) {
      cluster.startZooKeeper();
      cluster.startDatabase(o.externalDb());
      cluster.startServer(DB_POOL_SIZE);
      JobCreator.Creation creation;
      long firstFireAt;
      try (JobCreator creator = new JobCreator(cluster.apiBase(), o.createThreads())) {
        creator.createApp(LoadCluster.APP, LoadCluster.SECRET);
        cluster.awaitLeadership(START_TIMEOUT);
        cluster.startWorkers(o.workers(), o.capacity(), starts, START_TIMEOUT);
        out.printf("Up: %s; creating %d jobs over HTTP with %d threads%n", cluster.dbDescription(), o.jobs(),
            o.createThreads());
        Long startAt = o.startDelayMs() > 0 ? System.currentTimeMillis() + o.startDelayMs() : null;
        creation = creator.createJobs(LoadCluster.APP, LoadCluster.PROCESSOR, o.jobs(), o.periodMs(),
            o.createThreads(), startAt);
        if (startAt != null && System.currentTimeMillis() > startAt) {
          out.printf("NOTE: creating the jobs took longer than --start-delay (%d s): the first fired while others"
              + " were being created%n", o.startDelayMs() / 1000);
        }
        firstFireAt = startAt == null ? 0 : startAt;
      }
      out.printf("Created %d jobs in %.1f s (%.0f/s)%n", creation.jobs().size(), creation.elapsedMs() / 1000.0,
          creation.perSecond());
      sleepUntil(firstFireAt); // the warm-up starts with the first fires
      return measure(o, cluster, creation, starts, out);
    }
  }

  /** Room for every start from the window's beginning to the end of the settle time, with a margin. */
  private static int startsCapacity(LoadOptions o) {
    long seconds = o.seconds() + o.settleSeconds() + 30L;
    return (int) Math.min(20_000_000L, o.offeredPerSecond() * seconds + 10_000);
  }

  private static Outcome measure(LoadOptions o, LoadCluster cluster, JobCreator.Creation creation,
                                 WorkerStarts starts, PrintStream out) throws Exception {
    try (var db = cluster.connect()) {
      WindowReader reader = new WindowReader(db);
      long completionFloor = reader.maxInstanceId();
      long windowStart = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(o.warmupSeconds());
      long windowEnd = windowStart + TimeUnit.SECONDS.toMillis(o.seconds());
      out.printf("Warm-up %d s, then measuring %d s%n", o.warmupSeconds(), o.seconds());
      sleepUntil(windowStart - Math.min(1000, TimeUnit.SECONDS.toMillis(o.warmupSeconds())));
      // Every fire of the window is recorded after this moment, so with an id above this one.
      long floor = reader.maxInstanceId();
      starts.start();
      ResourceMeter meter = new ResourceMeter(cluster.mariadbd());
      sleepUntil(windowStart);
      ResourceMeter.Snapshot first = meter.snapshot();
      Map<String, Long> countersBefore = DbCounters.read(db);
      List<Long> lag = new ArrayList<>();
      for (long at = windowStart; at < windowEnd; at += LAG_SAMPLE_MS) {
        sleepUntil(at);
        lag.add(reader.storedLagMs(LoadCluster.APP));
      }
      sleepUntil(windowEnd);
      ResourceMeter.Snapshot last = meter.snapshot();
      Map<String, Long> countersAfter = DbCounters.read(db);
      ResourceMeter.Usage usage = ResourceMeter.between(first, last, 12);
      if (usage.othersPercentOfMachine() > 10) {
        out.printf("NOTE: other processes used %.0f %% of the machine during the window: the figures suffer%n",
            usage.othersPercentOfMachine());
      }

      long expected = 0;
      for (JobCreator.CreatedJob j : creation.jobs()) {
        expected += WindowReader.firesIn(j.firstFireAt(), o.periodMs(), windowStart, windowEnd);
      }
      out.printf("Window over; waiting up to %d s for its %d fires to be recorded and to end%n", o.settleSeconds(),
          expected);
      long settleStart = System.nanoTime();
      long settleDeadline = settleStart + TimeUnit.SECONDS.toNanos(o.settleSeconds());
      boolean settled;
      while (true) {
        long[] p = reader.progress(floor, windowStart, windowEnd);
        settled = p[0] >= expected && p[1] == 0;
        if (settled || System.nanoTime() >= settleDeadline) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
      long settleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - settleStart);
      var heap = ResourceMeter.heap();
      WindowFigures figures = reader.read(floor, completionFloor, windowStart, windowEnd, creation.jobs(),
          o.periodMs(), starts.seal());
      if (starts.dropped() > 0) {
        out.printf("NOTE: %d worker-side starts were not kept (capacity)%n", starts.dropped());
      }
      LoadReport report = new LoadReport(o, creation, figures, usage,
          DbCounters.rates(countersBefore, countersAfter, usage.wallSeconds()), heap, cluster.serverSettings(),
          cluster.dbDescription(), lag, settleMs, settled, System.getProperty("bench.git", "unknown"));
      out.println();
      out.println(report.markdown());
      Path json = report.writeJson();
      out.println("JSON: " + json);
      if (o.result() != null) {
        report.toScenario().write(o.result());
      }
      out.println("Stopping");
      return new Outcome(report, json);
    }
  }

  private static void sleepUntil(long epochMs) throws InterruptedException {
    long left;
    while ((left = epochMs - System.currentTimeMillis()) > 0) {
      TimeUnit.MILLISECONDS.sleep(left);
    }
  }

  /**
   * Checks, after everything was closed, that no child process and no thread of the run is alive: none that is not
   * a daemon (it would keep the JVM running) and none of Drover's or the bench's own. Waits a little for threads
   * that end by themselves. Library-wide daemon threads (the JDK's HttpClient selectors and process reaper, the
   * MySQL driver's cleanup thread, Curator's notifier) are listed but allowed. Returns false on a leak.
   */
  public static boolean nothingLeft(Set<Thread> before, PrintStream out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Thread> left = newThreads(before);
    while (left.stream().anyMatch(ScheduleLoadBench::leaked) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
      left = newThreads(before);
    }
    boolean ok = true;
    List<String> allowed = new ArrayList<>();
    for (Thread t : left) {
      if (leaked(t)) {
        out.printf("Left running: thread '%s'%s%n", t.getName(), t.isDaemon() ? "" : " (not a daemon)");
        ok = false;
      } else {
        allowed.add(t.getName());
      }
    }
    for (ProcessHandle p : ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()) {
      out.printf("Left running: process %d %s%n", p.pid(), p.info().commandLine().orElse("?"));
      ok = false;
    }
    if (ok) {
      out.println("Stopped: no process and no thread of the run left"
          + (allowed.isEmpty() ? "" : " (library-wide daemon threads: " + allowed + ")"));
    }
    return ok;
  }

  private static List<Thread> newThreads(Set<Thread> before) {
    List<Thread> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.isAlive() && t != Thread.currentThread()) {
        out.add(t);
      }
    }
    return out;
  }

  private static boolean leaked(Thread t) {
    return !t.isDaemon() || t.getName().startsWith("drover-") || t.getName().startsWith("bench-");
  }
}
