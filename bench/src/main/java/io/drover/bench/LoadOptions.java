package io.drover.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of one {@link ScheduleLoadBench} run, read from the command line and the environment.
 *
 * @param jobs FIXED_RATE jobs created
 * @param periodMs their period
 * @param seconds length of the measured window
 * @param workers in-process workers
 * @param capacity slots of each worker
 * @param warmupSeconds time between the last job created and the start of the window
 * @param settleSeconds longest wait after the window for its fires to be recorded and to end
 * @param createThreads HTTP clients creating the jobs at once
 * @param resultsDir where the JSON result goes
 * @param smoke a short run of the whole path (the CI test)
 * @param externalDb a MySQL server to create a fresh database on, or null for an embedded MariaDB
 * @param result where to write the run's figures as a suite {@code ScenarioResult} (bench/run.sh), or null
 * @param scenario the scenario id in that result, e.g. "lateness-10k"
 * @param startDelayMs jobs are created with a lifetime starting this long after creation begins, spread over one
 *     period, so that no job fires while jobs are still being created; 0 creates them firing at once
 */
record LoadOptions(int jobs, long periodMs, int seconds, int workers, int capacity, int warmupSeconds,
                   int settleSeconds, int createThreads, Path resultsDir, boolean smoke, ExternalDb externalDb,
                   Path result, String scenario, long startDelayMs) {

  static final String USAGE = "usage: ScheduleLoadBench [jobs] [seconds] [workers] [--smoke] [--warmup S]"
      + " [--settle S] [--capacity N] [--period MS] [--create-threads N] [--results DIR]"
      + " [--result FILE] [--scenario ID] [--start-delay S]";

  LoadOptions {
    if (jobs < 1 || seconds < 1 || workers < 1 || capacity < 1 || periodMs < 100 || warmupSeconds < 0
        || settleSeconds < 0 || createThreads < 1) {
      throw new IllegalArgumentException("jobs, seconds, workers, capacity and create threads must be positive,"
          + " the period at least 100 ms, warm-up and settle not negative");
    }
  }

  /** Defaults 10000 jobs, 60 s, 2 workers; {@code --smoke} makes it 50 jobs for 5 s after a 2 s warm-up. */
  static LoadOptions parse(String[] args, Map<String, String> env) {
    boolean smoke = false;
    for (String a : args) {
      smoke |= a.equals("--smoke");
    }
    int[] positional = smoke ? new int[] {50, 5, 2} : new int[] {10_000, 60, 2};
    int warmup = smoke ? 2 : 10;
    int settle = smoke ? 10 : 30;
    int capacity = 64;
    long period = 1000;
    int createThreads = 8;
    Path results = Args.resultsDir();
    Path result = null;
    String scenario = "lateness";
    long startDelay = -1;
    int n = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--smoke" -> { }
        case "--warmup" -> warmup = Args.intArg(args, ++i, a, USAGE);
        case "--settle" -> settle = Args.intArg(args, ++i, a, USAGE);
        case "--capacity" -> capacity = Args.intArg(args, ++i, a, USAGE);
        case "--period" -> period = Args.intArg(args, ++i, a, USAGE);
        case "--create-threads" -> createThreads = Args.intArg(args, ++i, a, USAGE);
        case "--results" -> results = Path.of(Args.value(args, ++i, a, USAGE));
        case "--result" -> result = Path.of(Args.value(args, ++i, a, USAGE));
        case "--scenario" -> scenario = Args.value(args, ++i, a, USAGE);
        case "--start-delay" -> startDelay = Args.intArg(args, ++i, a, USAGE) * 1000L;
        default -> {
          if (a.startsWith("-") || n >= positional.length) {
            throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
          }
          positional[n] = Args.parseInt(a, new String[] {"jobs", "seconds", "workers"}[n], USAGE);
          n++;
        }
      }
    }
    return new LoadOptions(positional[0], period, positional[1], positional[2], capacity, warmup, settle,
        createThreads, results, smoke, ExternalDb.fromEnv(env), result, scenario,
        startDelay >= 0 ? startDelay : smoke ? 0 : estimatedCreationMs(positional[0]));
  }

  /** Long enough to create the jobs over HTTP (about 150/s on 2 busy cores), plus 5 s. */
  static long estimatedCreationMs(int jobs) {
    return jobs * 1000L / 150 + 5_000;
  }

  /** The short run the CI test does: everything on the real path, small. */
  static LoadOptions smoke(Path resultsDir, Map<String, String> env) {
    return new LoadOptions(50, 1000, 5, 2, 64, 2, 10, 4, resultsDir, true, ExternalDb.fromEnv(env), null, "lateness",
        0);
  }

  long offeredPerSecond() {
    return jobs * 1000L / periodMs;
  }
}
