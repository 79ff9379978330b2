package io.drover.bench.procs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The options of the process benches. Each scenario gives its defaults and its smoke defaults; {@code --smoke}
 * picks the latter, and any option given explicitly wins over both.
 *
 * @param rounds kills (failover) or graceful stops (rolling restart), one per round
 * @param servers server processes
 * @param apps apps, one FIXED_RATE job each
 * @param periodMs the jobs' period
 * @param sessionTimeoutMs {@code drover.zk.session-timeout-ms}
 * @param settleMs the pause after a restarted server is healthy, before the next round
 * @param serverHeap {@code -Xmx} of each server
 * @param smoke whether this is the smoke run
 * @param keepLogs keep the children's log directory even when the run succeeds
 * @param result where the {@code ScenarioResult} goes
 * @param external an external MySQL server ({@code DROVER_BENCH_DB_URL}); null for the embedded MariaDB
 */
record ProcsOptions(int rounds, int servers, int apps, long periodMs, long sessionTimeoutMs, long settleMs,
                    String serverHeap, boolean smoke, boolean keepLogs, Path result,
                    Database.External external) {
  static final String USAGE_OPTIONS = "[--smoke] [--rounds N] [--servers N] [--apps N] [--period MS]"
      + " [--session-timeout-ms MS] [--settle-ms MS] [--server-heap SIZE] [--keep-logs]"
      + " [--result FILE]";

  ProcsOptions {
    if (rounds < 1 || servers < 2 || apps < 1 || periodMs < 50 || sessionTimeoutMs < 1000 || settleMs < 0) {
      throw new IllegalArgumentException("rounds and apps must be at least 1, servers at least 2, the period at"
          + " least 50 ms, the session timeout at least 1000 ms, the settle time not negative");
    }
  }

  /** Defaults without a result file, an external database or smoke mode: what {@link #parse} starts from. */
  static ProcsOptions defaults(int rounds, int servers, int apps, long periodMs, long sessionTimeoutMs,
                               long settleMs) {
    return new ProcsOptions(rounds, servers, apps, periodMs, sessionTimeoutMs, settleMs, "256m", false, false, null, null);
  }

  static ProcsOptions parse(String scenario, String[] args, Map<String, String> env, ProcsOptions normal,
                            ProcsOptions smokeDefaults) {
    boolean smoke = false;
    for (String a : args) {
      smoke |= a.equals("--smoke");
    }
    ProcsOptions d = smoke ? smokeDefaults : normal;
    int rounds = d.rounds();
    int servers = d.servers();
    int apps = d.apps();
    long period = d.periodMs();
    long session = d.sessionTimeoutMs();
    long settle = d.settleMs();
    String heap = d.serverHeap();
    boolean keepLogs = false;
    Path result = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--smoke" -> { }
        case "--rounds" -> rounds = (int) number(args, ++i, a);
        case "--servers" -> servers = (int) number(args, ++i, a);
        case "--apps" -> apps = (int) number(args, ++i, a);
        case "--period" -> period = number(args, ++i, a);
        case "--session-timeout-ms" -> session = number(args, ++i, a);
        case "--settle-ms" -> settle = number(args, ++i, a);
        case "--server-heap" -> heap = value(args, ++i, a);
        case "--keep-logs" -> keepLogs = true;
        case "--result" -> result = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
    }
    if (result == null) {
      result = defaultResultFile(scenario + (smoke ? "-smoke" : ""));
    }
    return new ProcsOptions(rounds, servers, apps, period, session, settle, heap, smoke, keepLogs, result,
        Database.External.fromEnv(env));
  }

  /** {@code bench/results/NAME-<time>.json} from the repository root, {@code results/...} from the module. */
  private static Path defaultResultFile(String name) {
    Path dir = Files.isDirectory(Path.of("bench")) ? Path.of("bench", "results") : Path.of("results");
    return dir.resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + ".json");
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static long number(String[] args, int i, String flag) {
    String v = value(args, i, flag);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got '" + v + "'");
    }
  }
}
