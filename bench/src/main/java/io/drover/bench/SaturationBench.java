package io.drover.bench;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Saturation: tiny FIXED_RATE jobs (a no-op processor) added step by step to one server with two in-process
 * workers, until the scheduler no longer keeps up. Each step measures a window, read back from the
 * {@code instance} table: fires achieved against offered, instances completed and stored per second, start
 * lateness. The run stops at the first step that achieves less than 95 % of its offered fires or whose start
 * lateness p99 passes one second.
 *
 * <pre>
 *   SaturationBench [--rates 1000,2000,...] [--period MS] [--seconds S] [--warmup S] [--result FILE] [--smoke]
 * </pre>
 */
public final class SaturationBench {
  private static final double HELD_SHARE = 0.95;
  private static final long BROKEN_P99_MS = 1_000;
  private static final long HELD_P99_MS = 20;

  private SaturationBench() {}

  /** One step's figures. */
  record Step(long offered, int jobs, double achieved, double completed, long missing, long duplicates,
              Lateness start) {
    boolean broken() {
      return achieved < offered * HELD_SHARE || start.p99() > BROKEN_P99_MS;
    }
  }

  /** Settings of a run. */
  record Options(List<Integer> rates, long periodMs, int seconds, int warmupSeconds, int workers, int capacity,
                 Path result, boolean smoke) {
    static Options parse(String[] args) {
      boolean smoke = List.of(args).contains("--smoke");
      List<Integer> rates = smoke ? List.of(100, 200)
          : List.of(2000, 4000, 6000, 8000, 10_000, 12_000, 15_000, 20_000);
      // Not shorter: a job has one fire being recorded at a time, so a short period caps each job's rate at one
      // fire per recording round trip and measures that round trip rather than the scheduler's capacity.
      long period = smoke ? 100 : 500;
      int seconds = smoke ? 4 : 20;
      int warmup = smoke ? 2 : 5;
      int capacity = 256;
      Path result = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--smoke" -> { }
          case "--rates" -> rates = parseRates(args[++i]);
          case "--period" -> period = Long.parseLong(args[++i]);
          case "--seconds" -> seconds = Integer.parseInt(args[++i]);
          case "--warmup" -> warmup = Integer.parseInt(args[++i]);
          case "--capacity" -> capacity = Integer.parseInt(args[++i]);
          case "--result" -> result = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
        }
      }
      return new Options(rates, period, seconds, warmup, 2, capacity, result, smoke);
    }

    private static List<Integer> parseRates(String s) {
      List<Integer> out = new ArrayList<>();
      for (String p : s.split(",")) {
        out.add(Integer.parseInt(p.trim()));
      }
      return out;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (RuntimeException e) {
      System.err.println("usage: SaturationBench [--rates 1000,2000] [--period MS] [--seconds S] [--warmup S]"
          + " [--capacity N] [--result FILE] [--smoke]: " + e.getMessage());
      System.exit(2);
      return;
    }
    ScenarioResult r = run(o, System.out);
    if (o.result() != null) {
      r.write(o.result());
    }
  }

  static ScenarioResult run(Options o, PrintStream out) throws Exception {
    List<Step> steps = new ArrayList<>();
    String failure = null;
    try (LoadCluster cluster = new LoadCluster(out)) {
      cluster.startZooKeeper();
      cluster.startDatabase(ExternalDb.fromEnv(System.getenv()));
      cluster.startServer(16);
      try (JobCreator creator = new JobCreator(cluster.apiBase(), 8); Connection db = cluster.connect()) {
        creator.createApp(LoadCluster.APP, LoadCluster.SECRET);
        cluster.awaitLeadership(Duration.ofSeconds(30));
        cluster.startWorkers(o.workers(), o.capacity(), new WorkerStarts(1), Duration.ofSeconds(30));
        WindowReader reader = new WindowReader(db);
        List<JobCreator.CreatedJob> jobs = new ArrayList<>();
        for (int rate : o.rates()) {
          int want = (int) Math.max(1, rate * o.periodMs() / 1000);
          if (want > jobs.size()) {
            jobs.addAll(creator.createJobs(LoadCluster.APP, LoadCluster.PROCESSOR, jobs.size(), want - jobs.size(),
                o.periodMs(), 8).jobs());
          }
          Step step = measure(o, reader, jobs);
          steps.add(step);
          out.printf(Locale.ROOT, "offered %,d/s (%d jobs): achieved %.0f/s, completed %.0f/s, missing %d,"
                  + " start lateness p50 %d ms p99 %d ms max %d ms%n", step.offered(), step.jobs(), step.achieved(),
              step.completed(), step.missing(), step.start().p50(), step.start().p99(), step.start().max());
          if (step.broken()) {
            out.println("Lateness broke down at this step; stopping");
            break;
          }
        }
      }
    } catch (Exception e) {
      failure = e.toString();
      out.println("Saturation bench failed: " + e);
    }
    ScenarioResult r = report(o, steps);
    if (failure != null) {
      r.failed(failure);
    }
    out.println(markdown(steps));
    return r;
  }

  private static Step measure(Options o, WindowReader reader, List<JobCreator.CreatedJob> jobs) throws Exception {
    long completionFloor = reader.maxInstanceId();
    TimeUnit.SECONDS.sleep(o.warmupSeconds());
    long floor = reader.maxInstanceId();
    long start = System.currentTimeMillis() + 1_000; // every fire of the window is recorded after `floor`
    long end = start + TimeUnit.SECONDS.toMillis(o.seconds());
    sleepUntil(end);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(5, o.seconds() / 2));
    long expected = 0;
    for (JobCreator.CreatedJob j : jobs) {
      expected += WindowReader.firesIn(j.firstFireAt(), o.periodMs(), start, end);
    }
    while (System.nanoTime() < deadline) {
      long[] p = reader.progress(floor, start, end);
      if (p[0] >= expected && p[1] == 0) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    WindowFigures w = reader.read(floor, completionFloor, start, end, jobs, o.periodMs(),
        new WorkerStarts(1).seal());
    long offered = jobs.size() * 1000L / o.periodMs();
    return new Step(offered, jobs.size(), w.achievedPerSecond(), w.completedPerSecond(), w.missing(),
        w.duplicates(), w.startLate());
  }

  /**
   * The figures: the most instances per second completed and stored in any step, the highest load held with a
   * start p99 of at most 20 ms (the lateness goal), and the load where it broke down.
   */
  static ScenarioResult report(Options o, List<Step> steps) {
    ScenarioResult r = ScenarioResult.of("saturation", String.format(Locale.ROOT,
        "tiny FIXED_RATE jobs every %d ms added in steps, 1 server, %d workers × %d slots, %d s per step",
        o.periodMs(), o.workers(), o.capacity(), o.seconds()));
    double bestCompleted = 0;
    long heldStrict = 0;
    long heldLoose = 0;
    long brokeAt = 0;
    long duplicates = 0;
    List<Map<String, Object>> details = new ArrayList<>();
    for (Step s : steps) {
      bestCompleted = Math.max(bestCompleted, s.completed());
      duplicates += s.duplicates();
      if (!s.broken()) {
        heldLoose = Math.max(heldLoose, s.offered());
        if (s.start().p99() <= HELD_P99_MS && s.missing() == 0) {
          heldStrict = Math.max(heldStrict, s.offered());
        }
      } else if (brokeAt == 0) {
        brokeAt = s.offered();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("offered", s.offered());
      m.put("jobs", s.jobs());
      m.put("achieved", Math.round(s.achieved()));
      m.put("completed", Math.round(s.completed()));
      m.put("missing", s.missing());
      m.put("duplicates", s.duplicates());
      m.put("startLatenessMs", s.start().toMap());
      details.add(m);
    }
    r.add(Figure.atLeast("sustained instances/s completed and stored (best step)", Math.round(bestCompleted), "/s",
        20_000));
    r.add(Figure.of("highest load held: ≥ 95 % achieved, start p99 ≤ 1 s", heldLoose, "/s"));
    r.add(Figure.of("highest load held with no miss and start p99 ≤ 20 ms", heldStrict, "/s"));
    r.add(Figure.of("load where lateness broke down", brokeAt == 0 ? Double.NaN : brokeAt, "/s"));
    r.add(Figure.atMost("duplicate fires (all steps)", duplicates, "count", 0));
    r.detail("steps", details);
    r.detail("periodMs", o.periodMs());
    r.detail("secondsPerStep", o.seconds());
    return r;
  }

  private static String markdown(List<Step> steps) {
    StringBuilder b = new StringBuilder("\n| offered/s | jobs | achieved/s | completed/s | missing | start p50 |"
        + " p99 | max |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Step s : steps) {
      b.append(String.format(Locale.ROOT, "| %,d | %,d | %,.0f | %,.0f | %d | %d ms | %d ms | %d ms |%n",
          s.offered(), s.jobs(), s.achieved(), s.completed(), s.missing(), s.start().p50(), s.start().p99(),
          s.start().max()));
    }
    return b.toString();
  }

  private static void sleepUntil(long epochMs) throws InterruptedException {
    long left;
    while ((left = epochMs - System.currentTimeMillis()) > 0) {
      TimeUnit.MILLISECONDS.sleep(left);
    }
  }
}
