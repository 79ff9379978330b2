package io.drover.bench.quartz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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

  /** A MySQL server named by {@code DROVER_BENCH_DB_URL}, e.g. {@code jdbc:mysql://127.0.0.1:3306/}. */
  record ExternalDb(String url, String user, String password, boolean keep) {
    @Override
    public String toString() {
      return "ExternalDb[url=" + url + ", user=" + user + ", keep=" + keep + "]";
    }
  }

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
        case "--jobs" -> jobs = intArg(args, ++i, a);
        case "--seconds" -> seconds = intArg(args, ++i, a);
        case "--period-ms" -> period = intArg(args, ++i, a);
        case "--warmup" -> warmup = intArg(args, ++i, a);
        case "--settle" -> settle = intArg(args, ++i, a);
        case "--threads" -> threads = intArg(args, ++i, a);
        case "--nodes" -> nodes = intArg(args, ++i, a);
        case "--pool" -> pool = intArg(args, ++i, a);
        case "--fire-ahead-ms" -> fireAhead = intArg(args, ++i, a);
        case "--result" -> result = Path.of(value(args, ++i, a));
        default -> {
          if (a.startsWith("-") || positional >= 2) {
            throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
          }
          if (positional++ == 0) {
            jobs = parseInt(a, "jobs");
          } else {
            seconds = parseInt(a, "seconds");
          }
        }
      }
    }
    if (result == null) {
      result = defaultResultsDir().resolve((smoke ? "quartz-smoke-" : "quartz-")
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
    }
    return new QuartzOptions(jobs, period, seconds, warmup, settle, threads, nodes, pool == 0 ? threads + 3 : pool,
        fireAhead, result, smoke, externalDb(env));
  }

  /** The short run the CI test does: everything on the real path, small. */
  static QuartzOptions smoke(Path resultFile, Map<String, String> env) {
    return parse(new String[] {"--smoke", "--result", resultFile.toString()}, env);
  }

  long offeredPerSecond() {
    return jobs * 1000L / periodMs;
  }

  static ExternalDb externalDb(Map<String, String> env) {
    String url = env.get("DROVER_BENCH_DB_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    return new ExternalDb(url.trim(), env.getOrDefault("DROVER_BENCH_DB_USER", "root"),
        env.getOrDefault("DROVER_BENCH_DB_PASSWORD", ""),
        Boolean.parseBoolean(env.getOrDefault("DROVER_BENCH_KEEP_DB", "false")));
  }

  /** {@code bench/results} from the repository root, {@code results} from the bench module. */
  private static Path defaultResultsDir() {
    return Files.isDirectory(Path.of("bench")) ? Path.of("bench", "results") : Path.of("results");
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int intArg(String[] args, int i, String flag) {
    return parseInt(value(args, i, flag), flag);
  }

  private static int parseInt(String v, String what) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + v + "'\n" + USAGE);
    }
  }
}
