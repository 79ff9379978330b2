package io.drover.bench.quartz;

/**
 * What the measured window {@code [start, end)} shows, from the executions whose scheduled fire time lies in it.
 *
 * @param windowSeconds the window's length
 * @param offeredPerSecond jobs × 1000 / period
 * @param expected fires the triggers' schedules put in the window
 * @param executed executions recorded for them (every one, duplicates included)
 * @param missing Σ over jobs of max(0, expected − executed): misfires skipped by Quartz, and fires not run by the
 *     end of the settle time
 * @param duplicates Σ over jobs of max(0, executed − expected): must be 0
 * @param afterWindow executions that began after the window's end (late fires run while settling)
 * @param startLate the job's start − scheduled fire time
 * @param fireLate Quartz's fire time (when the trigger was fired in the store) − scheduled fire time
 * @param perNode executions per node, in node order
 */
record WindowFigures(double windowSeconds, long offeredPerSecond, long expected, long executed, long missing,
                     long duplicates, long afterWindow, Percentiles startLate, Percentiles fireLate,
                     long[] perNode) {

  double achievedPerSecond() {
    return executed / windowSeconds;
  }

  /** Computes the figures of {@code e}, the executions of the window {@code [start, end)} of {@code plan}. */
  static WindowFigures of(FirePlan plan, long start, long end, FireLog.Executions e, int nodes) {
    int n = e.size();
    int[] perJob = new int[plan.jobs()];
    long[] perNode = new long[nodes];
    long[] startLate = new long[n];
    long[] fireLate = new long[n];
    long afterWindow = 0;
    for (int i = 0; i < n; i++) {
      perJob[e.job[i]]++;
      perNode[e.node[i]]++;
      startLate[i] = e.started[i] - e.scheduled[i];
      fireLate[i] = e.fired[i] - e.scheduled[i];
      if (e.started[i] >= end) {
        afterWindow++;
      }
    }
    long expected = 0;
    long missing = 0;
    long duplicates = 0;
    for (int j = 0; j < plan.jobs(); j++) {
      long owed = plan.firesIn(j, start, end);
      expected += owed;
      missing += Math.max(0, owed - perJob[j]);
      duplicates += Math.max(0, perJob[j] - owed);
    }
    return new WindowFigures((end - start) / 1000.0, plan.jobs() * 1000L / plan.periodMs(), expected, n, missing,
        duplicates, afterWindow, Percentiles.of(startLate, n), Percentiles.of(fireLate, n), perNode);
  }
}
