package io.drover.bench.procs;

import io.drover.bench.Args;
import io.drover.bench.ExternalDb;
import java.nio.file.Path;
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
                    ExternalDb external) {
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
    return new ProcsOptions(rounds, servers, apps, periodMs, sessionTimeoutMs, settleMs, "256m", false, false, null,
        null);
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
        case "--rounds" -> rounds = (int) Args.longArg(args, ++i, a, null);
        case "--servers" -> servers = (int) Args.longArg(args, ++i, a, null);
        case "--apps" -> apps = (int) Args.longArg(args, ++i, a, null);
        case "--period" -> period = Args.longArg(args, ++i, a, null);
        case "--session-timeout-ms" -> session = Args.longArg(args, ++i, a, null);
        case "--settle-ms" -> settle = Args.longArg(args, ++i, a, null);
        case "--server-heap" -> heap = Args.value(args, ++i, a, null);
        case "--keep-logs" -> keepLogs = true;
        case "--result" -> result = Path.of(Args.value(args, ++i, a, null));
        default -> throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
    }
    if (result == null) {
      result = Args.resultFile(scenario + (smoke ? "-smoke" : ""));
    }
    return new ProcsOptions(rounds, servers, apps, period, session, settle, heap, smoke, keepLogs, result,
        ExternalDb.fromEnv(env));
  }
}
