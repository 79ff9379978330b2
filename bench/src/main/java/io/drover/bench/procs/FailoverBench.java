package io.drover.bench.procs;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario "failover": a cluster of real processes (3 servers, 1 worker process) and one FIXED_RATE job. Each
 * round kill -9s the app's leader and measures the time from the kill to the first fire its successor records
 * ({@code created_at} of the first instance of a higher epoch); the killed server is then restarted and awaited
 * healthy. At the end the job is disabled and its fire times are audited ({@link ScheduleAudit}). See
 * {@code bench/README.md}.
 *
 * <pre>
 *   java ... io.drover.bench.procs.FailoverBench [--rounds 10] [--period 200] [--session-timeout-ms 5000]
 *       [--servers 3] [--settle-ms 3000] [--smoke] [--result FILE]
 * </pre>
 */
public final class FailoverBench implements ScenarioRunner.Scenario {
  static final String SCENARIO = "failover";
  static final String APP = "bench-failover";
  static final ProcsOptions DEFAULTS = ProcsOptions.defaults(10, 3, 1, 200, 5_000, 3_000);
  static final ProcsOptions SMOKE = ProcsOptions.defaults(2, 2, 1, 200, 3_000, 500);
  /** Fires due up to this long before the job was disabled must have been recorded. */
  static final long TAIL_MARGIN_MS = 1_000;
  /** How long a successor may take, beyond the session timeout, before the round counts as failed. */
  private static final long SUCCESSOR_ALLOWANCE_MS = 60_000;

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out));
  }

  /**
   * Runs the scenario; returns the exit code of {@link ScenarioRunner}. {@code env} gives the database settings
   * ({@code DROVER_BENCH_DB_URL}...).
   */
  static int run(String[] args, Map<String, String> env, PrintStream out) {
    ProcsOptions o;
    try {
      o = ProcsOptions.parse(SCENARIO, args, env, DEFAULTS, SMOKE);
      if (o.apps() != 1) {
        throw new IllegalArgumentException("the failover scenario runs one app");
      }
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage() + "\nusage: FailoverBench " + ProcsOptions.USAGE_OPTIONS);
      return ScenarioRunner.USAGE;
    }
    String title = String.format("kill -9 of the app's leader, %d servers, %d rounds, FIXED_RATE %d ms,"
        + " session timeout %d ms%s", o.servers(), o.rounds(), o.periodMs(), o.sessionTimeoutMs(),
        o.smoke() ? " (smoke)" : "");
    out.println("Failover: " + title);
    return ScenarioRunner.run(new FailoverBench(), o, ScenarioResult.of(SCENARIO, title), out);
  }

  @Override
  public ClusterSpec cluster(ProcsOptions o) {
    return new ClusterSpec(o.servers(), 1, List.of(APP), o.sessionTimeoutMs(), o.serverHeap(), o.external());
  }

  @Override
  public void measure(ProcessCluster cluster, ProcsOptions o, ScenarioResult result, PrintStream out)
      throws Exception {
    DroverHttp.CreatedJob job = cluster.createJob(APP, "failover", o.periodMs());
    cluster.instances().awaitRecordedAfter(job.id(), 0, -1, ProcessCluster.START_TIMEOUT);
    TimeUnit.MILLISECONDS.sleep(o.settleMs());
    List<Double> firstFireMs = new ArrayList<>();
    List<Map<String, Object>> rounds = new ArrayList<>();
    result.detail("rounds", rounds);
    for (int round = 1; round <= o.rounds(); round++) {
      DroverHttp.AppLeader before = cluster.awaitLeader(APP, ProcessCluster.START_TIMEOUT);
      ServerProcess victim = cluster.server(before.leader());
      long killedAt = victim.kill();
      long firstAt = cluster.instances().awaitRecordedAfter(job.id(), killedAt, before.epoch(),
          Duration.ofMillis(o.sessionTimeoutMs() + SUCCESSOR_ALLOWANCE_MS));
      long firstMs = firstAt - killedAt;
      DroverHttp.AppLeader after = cluster.awaitLeader(APP, ProcessCluster.START_TIMEOUT);
      firstFireMs.add((double) firstMs);
      long healthyAt = cluster.startAndAwait(victim);
      out.printf("round %d: killed %s (epoch %d); %s (epoch %d) recorded its first fire %d ms later; %s healthy"
          + " again %d ms after the kill%n", round, before.leader(), before.epoch(), after.leader(), after.epoch(),
          firstMs, victim.id(), healthyAt - killedAt);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("round", round);
      r.put("killed", before.leader());
      r.put("killedEpoch", before.epoch());
      r.put("successor", after.leader());
      r.put("successorEpoch", after.epoch());
      r.put("killedAt", killedAt);
      r.put("firstFireAfterKillMs", firstMs);
      r.put("healthyAgainAfterKillMs", healthyAt - killedAt);
      rounds.add(r);
      TimeUnit.MILLISECONDS.sleep(o.settleMs());
    }
    long disabledAt = cluster.disableJob(job.id());
    TimeUnit.SECONDS.sleep(1); // a fire taken just before the disabling is written
    List<InstanceTable.Fire> fires = cluster.instances().fires(job.id());
    ScheduleAudit.Result audit = ScheduleAudit.of(fires, job.firstFireAt(), o.periodMs(),
        cluster.misfireThresholdMs(), disabledAt - TAIL_MARGIN_MS);
    out.printf("audit of job %d: %s%n", job.id(), audit);
    result.add(Figure.of("failover first fire after kill, median", Stats.median(firstFireMs), "ms"))
        .add(Figure.atMost("failover first fire after kill, max", Stats.max(firstFireMs), "ms",
            o.sessionTimeoutMs() + 1_000))
        .add(Figure.atMost("failover duplicates", audit.duplicates(), "count", 0))
        .add(Figure.atMost("failover misses", audit.misses(), "count", 0))
        .detail("roundsCompleted", rounds.size())
        .detail("firstFireAfterKillMs", firstFireMs)
        .detail("audit", audit)
        .detail("job", job)
        .detail("misfireThresholdMs", cluster.misfireThresholdMs())
        .detail("serverStartRetries", cluster.startRetries());
  }
}
