package io.drover.bench.quartz;

import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.quartz.core.QuartzScheduler;

/**
 * Scenario "quartz" of the bench suite: the same job shape as Drover's schedule load (N jobs every second, a no-op
 * job, starts spread over the first period) on Quartz's clustered JDBC store, on the same kind of database and
 * machine. Schedules the jobs, starts the nodes, waits a warm-up, measures a window, waits for the window's late
 * fires, then writes a {@link ScenarioResult} and prints a markdown table. See {@code bench/README.md}.
 *
 * <pre>
 *   bench/run-quartz.sh [jobs] [seconds]       # defaults 10000 60
 *   bench/run-quartz.sh --smoke                 # 20 jobs, 3 s warm-up, 5 s window
 * </pre>
 *
 * Exit code 0 when the run completed, 1 when it failed (or left a thread running), 2 for bad arguments.
 */
public final class QuartzBench {
  private static final int SCHEDULE_BATCH = 100;
  private static final long PROGRESS_MS = 5_000;

  private QuartzBench() {}

  /** The result of a run, its window's figures (null when it failed before them) and where the result went. */
  record Outcome(ScenarioResult result, WindowFigures window, Path resultFile) {}

  public static void main(String[] args) throws Exception {
    QuartzOptions options;
    try {
      options = QuartzOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Outcome outcome = run(options, System.out);
    if (!outcome.result().isCompleted()) {
      System.exit(1);
    }
  }

  static String quartzVersion() {
    return QuartzScheduler.getVersionMajor() + "." + QuartzScheduler.getVersionMinor() + "."
        + QuartzScheduler.getVersionIteration();
  }

  /** Runs the whole scenario and writes its result, also when it fails; never throws for a failed run. */
  static Outcome run(QuartzOptions o, PrintStream out) throws Exception {
    LeftoverThreads threads = LeftoverThreads.snapshot();
    String title = QuartzReport.title(o, quartzVersion());
    ScenarioResult result = ScenarioResult.of(QuartzReport.SCENARIO, title);
    out.printf("%s: %d s window after %d s warm-up%s%n", title, o.seconds(), o.warmupSeconds(),
        o.smoke() ? " (smoke)" : "");
    WindowFigures window = null;
    try {
      window = measure(o, result, out);
    } catch (Exception e) {
      out.println("Quartz bench failed: " + e);
      e.printStackTrace(out);
      result.failed(e.toString());
      QuartzReport.addUnmeasured(result, o.offeredPerSecond());
    }
    List<String> left = threads.await(10);
    result.detail("threadsLeftRunning", left);
    if (left.isEmpty()) {
      out.println("Stopped: no Quartz, pool or non-daemon thread of the run left");
    } else {
      out.println("Left running: " + left);
      if (result.isCompleted()) {
        result.failed("threads left running after shutdown: " + left);
      }
    }
    result.write(o.resultFile());
    out.println("Result: " + o.resultFile());
    return new Outcome(result, window, o.resultFile());
  }

  private static WindowFigures measure(QuartzOptions o, ScenarioResult result, PrintStream out) throws Exception {
    FireLog log = new FireLog(capacity(o));
    try (QuartzDatabase db = QuartzDatabase.start(o.externalDb())) {
      QuartzSettings settings = new QuartzSettings(o, db.url(), db.user(), db.password());
      describe(result, o, settings, db);
      out.printf("Database: %s (%s); tables from %s%n", db.description(), db.serverVersion(),
          QuartzDatabase.DDL_RESOURCE);
      try (QuartzCluster cluster = QuartzCluster.create(settings, o.nodes(), log)) {
        // The nodes run while the jobs are stored: each job fires from shortly after it exists, as in Drover's bench.
        cluster.start();
        long setupStart = System.currentTimeMillis();
        FirePlan plan = new FirePlan(o.jobs(), o.periodMs(), setupStart);
        cluster.schedule(plan, SCHEDULE_BATCH);
        long setupMs = System.currentTimeMillis() - setupStart;
        out.printf("Started %d node(s); scheduled %,d jobs in %.1f s (%,.0f/s)%n", o.nodes(), o.jobs(),
            setupMs / 1000.0, o.jobs() * 1000.0 / Math.max(1, setupMs));
        result.detail("setup", Map.of("scheduleSeconds", setupMs / 1000.0, "scheduleBatch", SCHEDULE_BATCH,
            "jobsScheduledPerSecond", Math.round(o.jobs() * 1000.0 / Math.max(1, setupMs))));

        long windowStart = Math.max(System.currentTimeMillis(), plan.lastFirstFire() + o.periodMs())
            + TimeUnit.SECONDS.toMillis(o.warmupSeconds());
        long windowEnd = windowStart + TimeUnit.SECONDS.toMillis(o.seconds());
        log.window(windowStart, windowEnd);
        long expected = plan.firesIn(windowStart, windowEnd);
        CpuMeter meter = new CpuMeter(db.mariadbd());
        progressUntil(windowStart, log, out, "warm-up");
        CpuMeter.Reading first = meter.read();
        long ranBefore = log.all();
        progressUntil(windowEnd, log, out, "window");
        long ranDuringWindow = log.all() - ranBefore;
        CpuMeter.Usage cpu = CpuMeter.between(first, meter.read());

        out.printf("Window over; waiting up to %d s for the rest of its %,d fires (%,d recorded)%n",
            o.settleSeconds(), expected, log.recorded());
        long settleStart = System.nanoTime();
        long settleDeadline = settleStart + TimeUnit.SECONDS.toNanos(o.settleSeconds());
        while (log.recorded() < expected && System.nanoTime() < settleDeadline) {
          TimeUnit.MILLISECONDS.sleep(100);
        }
        result.detail("settle", Map.of("seconds", Math.round((System.nanoTime() - settleStart) / 1e8) / 10.0,
            "allExpectedRecorded", log.recorded() >= expected));

        WindowFigures w = WindowFigures.of(plan, windowStart, windowEnd, log.snapshot(), o.nodes(),
            ranDuringWindow);
        QuartzReport.addWindow(result, w, cpu, log.dropped());
        out.println();
        out.println(QuartzReport.markdown(result.getTitle(), w, cpu));
        out.println("Stopping");
        return w;
      }
    }
  }

  /** Everything about the set-up, before anything runs: the settings, the job shape, the database, the caveats. */
  private static void describe(ScenarioResult result, QuartzOptions o, QuartzSettings settings, QuartzDatabase db)
      throws Exception {
    result.detail("quartzVersion", quartzVersion());
    result.detail("git", System.getProperty("bench.git", "unknown"));
    Map<String, Object> shape = new LinkedHashMap<>();
    shape.put("jobs", o.jobs());
    shape.put("periodMs", o.periodMs());
    shape.put("trigger", "SimpleTrigger, repeat forever, misfire instruction RESCHEDULE_NEXT_WITH_REMAINING_COUNT"
        + " (a fire later than the misfire threshold is skipped, the next stays on the grid)");
    shape.put("firstFires", "spread evenly over the period: job i fires at t0 + i * period / jobs + k * period,"
        + " from the first such time after its batch of " + SCHEDULE_BATCH + " is stored (nodes already running)");
    shape.put("job", "no-op (records System.currentTimeMillis() first thing); concurrent execution allowed; one"
        + " job instance per node, so no job object per fire; JobDetail not durable, no recovery, empty JobDataMap");
    result.detail("jobShape", shape);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("nodes", o.nodes());
    run.put("threadsPerNode", o.threads());
    run.put("connectionsPerNode", o.poolSize());
    run.put("warmupSeconds", o.warmupSeconds());
    run.put("windowSeconds", o.seconds());
    run.put("settleSecondsAtMost", o.settleSeconds());
    run.put("smoke", o.smoke());
    result.detail("run", run);
    result.detail("quartzProperties", settings.describe());
    result.detail("quartzPropertiesPerNode", "instanceId node-N, threadName bench-quartz-nN-scheduler,"
        + " threadPool.threadNamePrefix bench-quartz-nN-worker, dataSource benchDsN (its own HikariCP pool)");
    result.detail("database", db.description() + ", server " + db.serverVersion() + ", tables from "
        + QuartzDatabase.DDL_RESOURCE);
    result.detail("caveats", QuartzReport.CAVEATS);
  }

  /** Room for every execution the window can hold, duplicates included, with a margin. */
  private static int capacity(QuartzOptions o) {
    long perJob = TimeUnit.SECONDS.toMillis(o.seconds()) / o.periodMs() + 2;
    return (int) Math.min(20_000_000L, o.jobs() * perJob * 2 + 1_000);
  }

  /** Sleeps until {@code epochMs}, printing the execution rate every few seconds. */
  private static void progressUntil(long epochMs, FireLog log, PrintStream out, String phase)
      throws InterruptedException {
    long lastAt = System.currentTimeMillis();
    long lastCount = log.all();
    long left;
    while ((left = epochMs - System.currentTimeMillis()) > 0) {
      TimeUnit.MILLISECONDS.sleep(Math.min(left, PROGRESS_MS));
      long now = System.currentTimeMillis();
      long count = log.all();
      if (now - lastAt >= 1000) {
        out.printf("  %s: %,d executions so far, %,.0f/s over the last %.0f s%n", phase, count,
            (count - lastCount) * 1000.0 / (now - lastAt), (now - lastAt) / 1000.0);
        lastAt = now;
        lastCount = count;
      }
    }
  }
}
