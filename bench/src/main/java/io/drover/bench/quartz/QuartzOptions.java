package io.drover.bench.quartz;

import io.drover.bench.Args;
import io.drover.bench.ExternalDb;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of one {@link QuartzBench} run, read once from the command line and the environment.
 *
 * @param jobs jobs scheduled, each with one SimpleTrigger repeating forever
 * @param periodMs the triggers' repeat interval
 * @param seconds length of the measured window
 * @param warmupSeconds time between the end of the setup and the start of the window
 * @param settleSeconds longest wait after the window for its late fires to run
 * @param threads worker threads of each node's thread pool
 * @param nodes clustered Scheduler instances in this JVM
 * @param poolSize database connections of each node; Quartz recommends threads + 3
 * @param fireAheadMs {@code batchTriggerAcquisitionFireAheadTimeWindow}: triggers up to this much ahead of their time
 *     join a batch and fire early; 0 keeps every fire at or after its time, as Drover's
 * @param resultFile where the {@code ScenarioResult} goes
 * @param smoke a short run of the whole path (the CI test)
 * @param externalDb a MySQL server to create a fresh database on, or null for an embedded MariaDB
 */
record QuartzOptions(int jobs, long periodMs, int seconds, int warmupSeconds, int settleSeconds, int threads,
                     int nodes, int poolSize, long fireAheadMs, Path resultFile, boolean smoke,
                     ExternalDb externalDb) {

  static final String USAGE = "usage: QuartzBench [jobs] [seconds] [--smoke] [--jobs N] [--seconds S]"
      + " [--period-ms MS] [--warmup S] [--settle S] [--threads N] [--nodes N] [--pool N] [--fire-ahead-ms MS]"
      + " [--result FILE]";

  QuartzOptions {
    if (jobs < 1 || jobs > 1_000_000) {
      throw new IllegalArgumentException("jobs must be 1 to 1,000,000, not " + jobs + "\n" + USAGE);
    }
    if (periodMs < 100) {
      throw new IllegalArgumentException("the period must be at least 100 ms, not " + periodMs + "\n" + USAGE);
    }
    if (seconds < 1 || warmupSeconds < 0 || settleSeconds < 0) {
      throw new IllegalArgumentException("the window must be at least 1 s, warm-up and settle not negative\n"
          + USAGE);
    }
    if (threads < 1 || threads > 1000 || nodes < 1 || nodes > 16 || poolSize < 1 || fireAheadMs < 0) {
      throw new IllegalArgumentException("threads must be 1-1000, nodes 1-16, the pool at least 1 and the"
          + " fire-ahead window not negative\n" + USAGE);
    }
  }

  /**
   * Defaults 10000 jobs every 1000 ms, 10 s warm-up, 60 s window, 16 threads, 1 node, a pool of threads + 3;
   * {@code --smoke} makes it 20 jobs, 3 s warm-up, 5 s window. Flags after {@code --smoke} still apply.
   */
  static QuartzOptions parse(String[] args, Map<String, String> env) {
    boolean smoke = false;
    for (String a : args) {
      smoke |= a.equals("--smoke");
    }
    int jobs = smoke ? 20 : 10_000;
    int seconds = smoke ? 5 : 60;
    int warmup = smoke ? 3 : 10;
    int settle = smoke ? 10 : 30;
    long period = 1000;
    int threads = 16;
    int nodes = 1;
    int pool = 0;
    long fireAhead = 0;
    Path result = null;
    int positional = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--smoke" -> { }
        case "--jobs" -> jobs = Args.intArg(args, ++i, a, USAGE);
        case "--seconds" -> seconds = Args.intArg(args, ++i, a, USAGE);
        case "--period-ms" -> period = Args.intArg(args, ++i, a, USAGE);
        case "--warmup" -> warmup = Args.intArg(args, ++i, a, USAGE);
        case "--settle" -> settle = Args.intArg(args, ++i, a, USAGE);
        case "--threads" -> threads = Args.intArg(args, ++i, a, USAGE);
        case "--nodes" -> nodes = Args.intArg(args, ++i, a, USAGE);
        case "--pool" -> pool = Args.intArg(args, ++i, a, USAGE);
        case "--fire-ahead-ms" -> fireAhead = Args.intArg(args, ++i, a, USAGE);
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
    if (result == null) {
      result = Args.resultFile(smoke ? "quartz-smoke" : "quartz");
    }
    return new QuartzOptions(jobs, period, seconds, warmup, settle, threads, nodes, pool == 0 ? threads + 3 : pool,
        fireAhead, result, smoke, ExternalDb.fromEnv(env));
  }

  /** The short run the CI test does: everything on the real path, small. */
  static QuartzOptions smoke(Path resultFile, Map<String, String> env) {
    return parse(new String[] {"--smoke", "--result", resultFile.toString()}, env);
  }

  long offeredPerSecond() {
    return jobs * 1000L / periodMs;
  }
}
