package io.drover.bench.procs;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Scenario "rolling-restart": a cluster of real processes (3 servers, 1 worker process) and several apps with one
 * FIXED_RATE job each, so that every server leads some. Each round stops one server gracefully (SIGTERM: it hands
 * its apps over before it exits), restarts it and waits until it is healthy and the leadership is balanced again;
 * the servers take their turn in order. The handover gap of a round is the longest pause between two consecutive
 * recordings ({@code created_at}) of a fire of the affected apps around it, less the period ({@link HandoverGap}).
 * At the end the jobs are disabled and their fire times audited ({@link ScheduleAudit}). See
 * {@code bench/README.md}.
 *
 * <pre>
 *   java ... io.drover.bench.procs.RollingRestartBench [--rounds 3] [--servers 3] [--apps 3] [--period 100]
 *       [--settle-ms 3000] [--smoke] [--result FILE]
 * </pre>
 */
public final class RollingRestartBench implements ScenarioRunner.Scenario {
  static final String SCENARIO = "rolling-restart";
  static final ProcsOptions DEFAULTS = ProcsOptions.defaults(3, 3, 3, 100, 5_000, 3_000);
  static final ProcsOptions SMOKE = ProcsOptions.defaults(2, 2, 2, 100, 5_000, 500);
  /** The gap window starts this long before the stop... */
  static final long WINDOW_BEFORE_MS = 1_000;
  /** ...and ends this long after the restarted server is healthy (or the leadership balanced, if later). */
  static final long WINDOW_AFTER_MS = 2_000;
  static final long TAIL_MARGIN_MS = 1_000;

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
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage() + "\nusage: RollingRestartBench " + ProcsOptions.USAGE_OPTIONS);
      return ScenarioRunner.USAGE;
    }
    String title = String.format("graceful stop and restart of each server in turn, %d servers, %d rounds,"
        + " %d apps with a FIXED_RATE %d ms job each%s", o.servers(), o.rounds(), o.apps(), o.periodMs(),
        o.smoke() ? " (smoke)" : "");
    out.println("Rolling restart: " + title);
    return ScenarioRunner.run(new RollingRestartBench(), o, ScenarioResult.of(SCENARIO, title), out);
  }

  static List<String> apps(int count) {
    List<String> apps = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      apps.add("bench-rolling-" + i);
    }
    return apps;
  }

  @Override
  public ClusterSpec cluster(ProcsOptions o) {
    return new ClusterSpec(o.servers(), 1, apps(o.apps()), o.sessionTimeoutMs(), o.serverHeap(), o.external());
  }

  @Override
  public void measure(ProcessCluster cluster, ProcsOptions o, ScenarioResult result, PrintStream out)
      throws Exception {
    Map<String, DroverHttp.CreatedJob> jobs = new LinkedHashMap<>();
    for (String app : apps(o.apps())) {
      jobs.put(app, cluster.createJob(app, "rolling", o.periodMs()));
    }
    for (DroverHttp.CreatedJob job : jobs.values()) {
      cluster.instances().awaitRecordedAfter(job.id(), 0, -1, ProcessCluster.START_TIMEOUT);
    }
    Leadership leadership = new Leadership(cluster, jobs.keySet());
    leadership.awaitBalanced(ProcessCluster.START_TIMEOUT);
    TimeUnit.MILLISECONDS.sleep(o.settleMs());
    List<Double> gaps = new ArrayList<>();
    List<Map<String, Object>> rounds = new ArrayList<>();
    result.detail("rounds", rounds);
    List<ServerProcess> servers = cluster.servers();
    for (int round = 1; round <= o.rounds(); round++) {
      ServerProcess s = servers.get((round - 1) % servers.size());
      Map<String, String> before = leadership.leaders();
      long stoppedAt = s.stop();
      long exitedAt = System.currentTimeMillis();
      long healthyAt = cluster.startAndAwait(s);
      long balancedAt = leadership.awaitBalanced(ProcessCluster.START_TIMEOUT);
      long to = Math.max(healthyAt + WINDOW_AFTER_MS, balancedAt + WINDOW_AFTER_MS / 2);
      long wait = to - System.currentTimeMillis();
      TimeUnit.MILLISECONDS.sleep(Math.max(wait, 0) + o.settleMs());
      Map<String, String> after = leadership.leaders();
      Set<String> affected = new LinkedHashSet<>();
      before.forEach((app, leader) -> {
        if (leader.equals(s.id()) || !leader.equals(after.get(app))) {
          affected.add(app);
        }
      });
      Map<String, HandoverGap> gapDetails = gaps(cluster, jobs, affected, stoppedAt - WINDOW_BEFORE_MS, to);
      Map<String, Double> gapByApp = new LinkedHashMap<>();
      Map<String, Long> gapStartByApp = new LinkedHashMap<>();
      gapDetails.forEach((app, g) -> {
        gapByApp.put(app, g.ms());
        gapStartByApp.put(app, g.before() == null ? null : g.before().createdAt() - stoppedAt);
      });
      double gap = Stats.max(new ArrayList<>(gapByApp.values()));
      gaps.add(gap);
      out.printf("round %d: stopped %s (exited after %d ms, healthy again after %d ms); leaders %s -> %s;"
          + " handover gap %s ms, by app %s, starting (ms after the stop) %s%n", round, s.id(),
          exitedAt - stoppedAt, healthyAt - stoppedAt, before, after, ResultTable.number(gap), gapByApp,
          gapStartByApp);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("round", round);
      r.put("stopped", s.id());
      r.put("stoppedAt", stoppedAt);
      r.put("exitedAfterMs", exitedAt - stoppedAt);
      r.put("healthyAfterMs", healthyAt - stoppedAt);
      r.put("balancedAfterMs", balancedAt - stoppedAt);
      r.put("leadersBefore", before);
      r.put("leadersAfter", after);
      r.put("gapMsByApp", gapByApp);
      r.put("gapStartAfterStopMsByApp", gapStartByApp);
      r.put("gapBetweenByApp", gapDetails);
      rounds.add(r);
    }
    ScheduleAudit.Result audit = ScheduleAudit.Result.none();
    List<Long> disabledAt = new ArrayList<>();
    for (DroverHttp.CreatedJob job : jobs.values()) {
      disabledAt.add(cluster.disableJob(job.id()));
    }
    TimeUnit.SECONDS.sleep(1); // a fire taken just before the disabling is written
    int i = 0;
    for (DroverHttp.CreatedJob job : jobs.values()) {
      audit = audit.plus(ScheduleAudit.of(cluster.instances().fires(job.id()), job.firstFireAt(), o.periodMs(),
          cluster.misfireThresholdMs(), disabledAt.get(i++) - TAIL_MARGIN_MS));
    }
    out.printf("audit of %d jobs: %s%n", jobs.size(), audit);
    result.add(Figure.atMost("rolling restart handover gap, max", Stats.max(gaps), "ms", 500))
        .add(Figure.of("rolling restart handover gap, median", Stats.median(gaps), "ms"))
        .add(Figure.atMost("rolling restart duplicates", audit.duplicates(), "count", 0))
        .add(Figure.atMost("rolling restart misses", audit.misses(), "count", 0))
        .detail("roundsCompleted", rounds.size())
        .detail("gapMs", gaps)
        .detail("audit", audit)
        .detail("jobs", jobs.values())
        .detail("misfireThresholdMs", cluster.misfireThresholdMs())
        .detail("serverStartRetries", cluster.startRetries());
  }

  /** The handover gap of each of the {@code apps}' jobs in {@code [from, to]}. */
  private static Map<String, HandoverGap> gaps(ProcessCluster cluster, Map<String, DroverHttp.CreatedJob> jobs,
                                               Set<String> apps, long from, long to) throws SQLException {
    Map<String, HandoverGap> gaps = new LinkedHashMap<>();
    for (String app : apps) {
      DroverHttp.CreatedJob job = jobs.get(app);
      List<InstanceTable.Fire> byRecording = cluster.instances().fires(job.id()).stream()
          .sorted(Comparator.comparingLong(InstanceTable.Fire::createdAt)).toList();
      gaps.put(app, HandoverGap.of(byRecording, from, to, job.periodMs()));
    }
    return gaps;
  }
}
