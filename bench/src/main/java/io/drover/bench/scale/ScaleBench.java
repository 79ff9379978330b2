package io.drover.bench.scale;

import io.drover.bench.DbCounters;
import io.drover.bench.LoadCluster;
import io.drover.bench.ResourceMeter;
import io.drover.bench.ScheduleLoadBench;
import io.drover.bench.WorkerStarts;
import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 6 of the bench suite: a million enabled CRON jobs, each firing once a minute, on one server. One JVM
 * holds everything (an embedded ZooKeeper, the database or a fresh one on {@code DROVER_BENCH_DB_URL}, one
 * {@code DroverServer}, the workers with a no-op processor), so the used heap after a full GC covers all of it.
 *
 * <p>The run: start; measure the heap with the app led and the workers connected but no job; create job 0
 * through the API and store the rest straight into the {@code job} table while the server leads the app (rows
 * proven equal to the API's); wait the warm-up, in which the server finds the stored jobs as it finds jobs created
 * through the API (a first fire beyond what the trigger loop has read is read when it comes due, one inside it by
 * the read of recently edited jobs or at the latest by the full read every 30 s) and fires each once; measure a
 * window of fires; measure the heap again; read the window's instances from the database. See
 * {@code bench/README.md}.
 *
 * <pre>
 *   bench/run-scale.sh [jobs] [seconds]      # defaults 1000000 120, JAVA_OPTS -Xmx1g
 *   bench/run-scale.sh --smoke               # 2000 jobs, 10 s window
 * </pre>
 */
public final class ScaleBench {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int DB_POOL_SIZE = 16;

  private ScaleBench() {}

  public static void main(String[] args) throws InterruptedException {
    ScaleOptions options;
    try {
      options = ScaleOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    ScenarioResult result = run(options, System.out);
    int code = result.isCompleted() ? 0 : 1;
    if (!ScheduleLoadBench.nothingLeft(before, System.out) && code == 0) {
      code = 3;
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the scenario, writes its result to {@code o.result()} and returns it; a failure is in the result. */
  static ScenarioResult run(ScaleOptions o, PrintStream out) {
    String title = String.format(Locale.ROOT, "%,d enabled CRON jobs firing once a minute (spread over %d s),"
        + " one server, heap max %,d MiB", o.jobs(), o.spreadSeconds(), Runtime.getRuntime().maxMemory() >> 20);
    out.printf("Scale: %s; %,.0f fires/s offered; %d s window after %d s warm-up%s%n", title,
        o.offeredPerSecond(), o.seconds(), o.warmupSeconds(), o.smoke() ? " (smoke)" : "");
    ScaleReport report = new ScaleReport(title);
    report.detail("options", o.toString());
    report.detail("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " "
        + HeapProbe.jvmOptions());
    report.detail("git", System.getProperty("bench.git", "unknown"));
    String error = null;
    try (LoadCluster cluster = new LoadCluster(out)) {
      measure(o, cluster, report, out);
      out.println("Stopping");
    } catch (Exception | OutOfMemoryError e) {
      error = e.toString();
      out.println("Scale bench failed: " + e);
      e.printStackTrace(out);
    }
    report.detail("gcCollectors", HeapProbe.collectors());
    ScenarioResult result = report.result(error);
    out.println();
    out.println(report.markdown(result));
    try {
      result.write(o.result());
      out.println("Result: " + o.result());
    } catch (java.io.IOException e) {
      out.println("Cannot write the result to " + o.result() + ": " + e);
      result.failed("result not written: " + e);
    }
    return result;
  }

  private static void measure(ScaleOptions o, LoadCluster cluster, ScaleReport report, PrintStream out)
      throws Exception {
    cluster.startZooKeeper();
    cluster.startDatabase(o.dbEnv());
    cluster.startServer(DB_POOL_SIZE);
    report.detail("database", cluster.dbDescription());
    report.detail("serverSettings", cluster.serverSettings());
    ScaleApi api = new ScaleApi(cluster.apiBase());
    api.createApp(LoadCluster.APP, LoadCluster.SECRET);
    cluster.awaitLeadership(START_TIMEOUT);
    // the no-op processor notes starts only once a WorkerStarts is started: this one never is, and keeps nothing
    cluster.startWorkers(o.workers(), o.capacity(), new WorkerStarts(1), START_TIMEOUT);
    HeapProbe.Heap idle = HeapProbe.measure();
    report.heapIdle(idle);
    out.printf("Up: %s, app led, %d worker(s); heap used after full GC with no jobs: %.1f MiB%n",
        cluster.dbDescription(), o.workers(), idle.usedAfterGcMiB());

    try (Connection db = cluster.connect()) {
      FireWindowReader reader = new FireWindowReader(db);
      long appId = reader.appId(LoadCluster.APP);
      FireGrid grid = new FireGrid();
      long loadEnd = load(o, api, db, appId, grid, report, out);
      DbReads dbReads = new DbReads(db);
      HeapProbe.Heap afterLoad = HeapProbe.measure();
      report.detail("heapRightAfterLoad", afterLoad.toMap());
      out.printf("Heap used after full GC right after the load: %.1f MiB%n", afterLoad.usedAfterGcMiB());

      long windowStart = loadEnd + TimeUnit.SECONDS.toMillis(o.warmupSeconds());
      long windowEnd = windowStart + TimeUnit.SECONDS.toMillis(o.seconds());
      long sampleMs = Math.min(10_000, Math.max(1_000, o.seconds() * 1000L / 12 / 1000 * 1000));
      out.printf("Warm-up until %tT, then measuring %d s%n", windowStart, o.seconds());
      Progress progress = new Progress(reader, appId);
      List<Map<String, Object>> warmup = new ArrayList<>();
      for (long at = loadEnd + sampleMs; at < windowStart - 1_000; at += sampleMs) {
        sleepUntil(at);
        Progress.Sample p = progress.sample();
        warmup.add(p.toMap(loadEnd));
        out.printf("  warm-up +%d s: %s%n", (p.at() - loadEnd) / 1000, p);
      }
      report.detail("progressDuringWarmup", warmup);
      sleepUntil(windowStart - 1_000);
      long floor = reader.maxInstanceId(); // every fire of the window is recorded later, with a larger id
      ResourceMeter meter = new ResourceMeter(cluster.mariadbd());
      sleepUntil(windowStart);
      ResourceMeter.Snapshot first = meter.snapshot();
      Map<String, Long> countersBefore = DbCounters.read(db);
      Map<String, Long> readsBefore = dbReads.read();
      Map<String, Long> poolBefore = dbReads.bufferPool();
      progress.sample();
      List<Map<String, Object>> samples = new ArrayList<>();
      for (long at = windowStart + sampleMs; at < windowEnd; at += sampleMs) {
        sleepUntil(at);
        Progress.Sample p = progress.sample();
        samples.add(p.toMap(windowStart));
        out.printf("  window +%d s: %s%n", (p.at() - windowStart) / 1000, p);
      }
      sleepUntil(windowEnd);
      ResourceMeter.Snapshot last = meter.snapshot();
      ResourceMeter.Usage usage = ResourceMeter.between(first, last, 20);
      report.usage(usage);
      report.detail("progressDuringWindow", samples);
      report.detail("databaseCountersPerSecond", DbCounters.rates(countersBefore, DbCounters.read(db),
          usage.wallSeconds()));
      report.detail("jobIndexReadsPerSecond", dbReads.unavailable() != null ? dbReads.unavailable()
          : DbReads.rates(readsBefore, dbReads.read(), usage.wallSeconds()));
      Map<String, Long> poolAfter = dbReads.bufferPool();
      Map<String, Object> pool = new LinkedHashMap<>(DbReads.rates(poolBefore, poolAfter, usage.wallSeconds()));
      pool.put("innodb_buffer_pool_size_MiB", poolAfter.get("innodb_buffer_pool_size_MiB"));
      report.detail("bufferPoolPerSecond", pool);
      report.detail("triggerLoopCpuSeconds", triggerCpu(usage));
      report.detail("gcDuringWindow", Map.of("count", usage.gcCount(), "ms", usage.gcMs()));
      if (usage.othersPercentOfMachine() > 10) {
        out.printf("NOTE: other processes used %.0f %% of the machine during the window: the figures suffer%n",
            usage.othersPercentOfMachine());
      }

      HeapProbe.Heap loaded = HeapProbe.measure();
      report.heapLoaded(loaded);
      out.printf("Window over; heap used after full GC with %,d jobs: %.1f MiB (%d full GCs, %d ms)%n",
          grid.jobs(), loaded.usedAfterGcMiB(), HeapProbe.gcsPerMeasure(), loaded.gcMs());
      settle(o, reader, floor, windowStart, windowEnd, grid.expected(windowStart, windowEnd), report, out);
      long[] recorded = reader.recordedBetween(floor, windowStart, windowEnd);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("perSecond", ScaleReport.round(recorded[0] * 1000.0 / (windowEnd - windowStart)));
      m.put("recordLatenessMeanMs", recorded[1]);
      m.put("recordLatenessMaxMs", recorded[2]);
      report.detail("firesRecordedDuringWindow", m);
      FireWindow w = reader.read(floor, windowStart, windowEnd, grid, Math.max(1_000, sampleMs));
      report.window(w);
    }
  }

  /** Creates job 0 through the API, checks its row, stores the others directly; returns when the last is stored. */
  private static long load(ScaleOptions o, ScaleApi api, Connection db, long appId, FireGrid grid,
                           ScaleReport report, PrintStream out) throws Exception {
    CronJobRows rows = new CronJobRows(appId, LoadCluster.APP, LoadCluster.PROCESSOR, o.spreadSeconds());
    CronJobLoader loader = new CronJobLoader(db, rows, o.batchRows());
    long t0 = System.nanoTime();
    long reference = api.createCronJob(rows.app(), CronJobRows.name(0), rows.cron(0), CronJobRows.TIME_ZONE,
        rows.processor());
    grid.add(reference, rows.second(0));
    List<String> differences = loader.differences(reference, 0);
    if (!differences.isEmpty()) {
      throw new IllegalStateException("job 0, created through the API, is stored differently from the rows the"
          + " bench inserts: " + differences);
    }
    report.detail("referenceJob", "job 0 (id " + reference + ") created through POST /api/v1/jobs; its row"
        + " equals the one the loader builds, column for column");
    out.printf("Job 0 created through the API (row checked); storing %,d more with multi-row INSERTs of %d%n",
        o.jobs() - 1, o.batchRows());
    CronJobLoader.Loaded loaded = loader.load(1, o.jobs(), grid, out);
    long loadEnd = System.currentTimeMillis();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long stored = new FireWindowReader(db).jobCount(appId);
    report.loaded(stored, seconds);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobsInTable", stored);
    m.put("seconds", ScaleReport.round(seconds));
    m.put("jobsPerSecond", Math.round(stored / seconds));
    m.put("rowsPerInsert", o.batchRows());
    m.put("directInsertMs", loaded.elapsedMs());
    m.put("loaderThreadCpuMs", loaded.cpuMs());
    report.detail("load", m);
    out.printf("Stored %,d jobs in %.1f s (%.0f/s)%n", stored, seconds, stored / seconds);
    return loadEnd;
  }

  /** Waits (up to the settle time) until every expected fire of the window is recorded and ended. */
  private static void settle(ScaleOptions o, FireWindowReader reader, long floor, long start, long end,
                             long expected, ScaleReport report, PrintStream out) throws Exception {
    out.printf("Waiting up to %d s for the window's %,d fires to be recorded and to end%n", o.settleSeconds(),
        expected);
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(o.settleSeconds());
    long[] p;
    while (true) {
      p = reader.progress(floor, start, end);
      if ((p[0] >= expected && p[1] == 0) || System.nanoTime() >= deadline) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    boolean settled = p[0] >= expected && p[1] == 0;
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    report.detail("settle", (settled ? "all recorded and ended " : "NOT settled: " + p[0] + " recorded, " + p[1]
        + " not ended ") + ms + " ms after the window");
  }

  /** CPU of the threads that trigger: ticks reading due jobs, the timing wheel, the fire batcher. */
  private static Map<String, Double> triggerCpu(ResourceMeter.Usage usage) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (var e : usage.topThreadGroups()) {
      String n = e.getKey();
      if (n.startsWith("drover-ticker") || n.startsWith("drover-wheel") || n.startsWith("drover-fire-batcher")) {
        out.put(n, ScaleReport.round(e.getValue()));
      }
    }
    return out;
  }

  private static void sleepUntil(long epochMs) throws InterruptedException {
    long left;
    while ((left = epochMs - System.currentTimeMillis()) > 0) {
      TimeUnit.MILLISECONDS.sleep(left);
    }
  }
}
