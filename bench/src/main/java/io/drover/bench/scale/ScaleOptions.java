package io.drover.bench.scale;

import io.drover.bench.Args;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of one {@link ScaleBench} run, read from the command line and the environment.
 *
 * @param jobs enabled CRON jobs, each firing once a minute
 * @param seconds length of the measured window
 * @param warmupSeconds from the last job stored to the start of the window; at least the trigger loop's full-read
 *     period (30 s) and a minute in the full run, so every job was read and fired once before the window
 * @param settleSeconds longest wait after the window for its fires to be recorded and to end
 * @param spreadSeconds job {@code i} fires at second {@code i mod spreadSeconds} of every minute: 60 spreads the
 *     fires evenly over the minute, 1 fires every job at second 0
 * @param workers in-process workers
 * @param capacity slots of each worker
 * @param batchRows rows per multi-row INSERT while loading
 * @param result where the {@code ScenarioResult} JSON goes
 * @param smoke a short run of the whole path (the CI test)
 * @param dbEnv the {@code DROVER_BENCH_DB_*} variables (an external database), never printed
 */
record ScaleOptions(int jobs, int seconds, int warmupSeconds, int settleSeconds, int spreadSeconds, int workers,
                    int capacity, int batchRows, Path result, boolean smoke, Map<String, String> dbEnv) {

  static final String USAGE = "usage: ScaleBench [jobs] [seconds] [--jobs N] [--seconds S] [--warmup S]"
      + " [--settle S] [--spread-seconds 1..60] [--workers N] [--capacity N] [--batch ROWS] [--result FILE]"
      + " [--smoke]";

  ScaleOptions {
    if (jobs < 1 || seconds < 1 || warmupSeconds < 0 || settleSeconds < 0 || workers < 1 || capacity < 1
        || batchRows < 1 || batchRows > 2_500) {
      throw new IllegalArgumentException("jobs, seconds, workers and capacity must be positive, warm-up and settle"
          + " not negative, the batch 1..2500 rows\n" + USAGE);
    }
    if (spreadSeconds < 1 || spreadSeconds > 60) {
      throw new IllegalArgumentException("--spread-seconds must be 1..60, got " + spreadSeconds + "\n" + USAGE);
    }
    dbEnv = Map.copyOf(dbEnv);
  }

  /** Defaults: 1,000,000 jobs, 120 s window after a 60 s warm-up. {@code --smoke}: 2,000 jobs, 10 s after 5 s. */
  static ScaleOptions parse(String[] args, Map<String, String> env) {
    boolean smoke = false;
    for (String a : args) {
      smoke |= a.equals("--smoke");
    }
    ScaleOptions d = smoke ? smoke(null, env) : new ScaleOptions(1_000_000, 120, 60, 60, 60, 2, 64, 2_000, null,
        false, dbEnv(env));
    int jobs = d.jobs;
    int seconds = d.seconds;
    int warmup = d.warmupSeconds;
    int settle = d.settleSeconds;
    int spread = d.spreadSeconds;
    int workers = d.workers;
    int capacity = d.capacity;
    int batch = d.batchRows;
    Path result = null;
    int positional = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--smoke" -> { }
        case "--jobs" -> jobs = Args.intArg(args, ++i, a, USAGE);
        case "--seconds" -> seconds = Args.intArg(args, ++i, a, USAGE);
        case "--warmup" -> warmup = Args.intArg(args, ++i, a, USAGE);
        case "--settle" -> settle = Args.intArg(args, ++i, a, USAGE);
        case "--spread-seconds" -> spread = Args.intArg(args, ++i, a, USAGE);
        case "--workers" -> workers = Args.intArg(args, ++i, a, USAGE);
        case "--capacity" -> capacity = Args.intArg(args, ++i, a, USAGE);
        case "--batch" -> batch = Args.intArg(args, ++i, a, USAGE);
        case "--result" -> result = Path.of(Args.value(args, ++i, a, USAGE));
        default -> {
          if (a.startsWith("-") || positional >= 2) {
            throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
          }
          if (positional++ == 0) {
            jobs = Args.parseInt(a, "jobs", USAGE);
          } else {
            seconds = Args.parseInt(a, "seconds", USAGE);
          }
        }
      }
    }
    return new ScaleOptions(jobs, seconds, warmup, settle, spread, workers, capacity, batch,
        result != null ? result : Args.resultFile(smoke ? "scale-smoke" : "scale"), smoke, dbEnv(env));
  }

  /** The short run the CI test does: the same path as the full run, small. */
  static ScaleOptions smoke(Path result, Map<String, String> env) {
    return new ScaleOptions(2_000, 10, 5, 15, 60, 2, 64, 2_000, result, true, dbEnv(env));
  }

  @Override
  public String toString() {
    return "ScaleOptions[jobs=" + jobs + ", seconds=" + seconds + ", warmupSeconds=" + warmupSeconds
        + ", settleSeconds=" + settleSeconds + ", spreadSeconds=" + spreadSeconds + ", workers=" + workers
        + ", capacity=" + capacity + ", batchRows=" + batchRows + ", result=" + result + ", smoke=" + smoke + "]";
  }

  /** Fires per second the jobs ask for: each fires once a minute. */
  double offeredPerSecond() {
    return jobs / 60.0;
  }

  private static Map<String, String> dbEnv(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("DROVER_BENCH_DB_") || k.equals("DROVER_BENCH_KEEP_DB")) {
        out.put(k, v);
      }
    });
    return out;
  }
}
