package io.drover.bench.quartz;

import java.util.Arrays;

/**
 * What the measured window {@code [start, end)} shows, from the executions whose scheduled fire time lies in it.
 *
 * @param windowSeconds the window's length
 * @param offeredPerSecond jobs × 1000 / period
 * @param expected fires the triggers' schedules put in the window
 * @param executed executions recorded for them (every one, duplicates included)
 * @param missing expected − distinct (job, scheduled time) executions: misfires skipped by Quartz, and fires not
 *     run by the end of the settle time
 * @param duplicates executions of a (job, scheduled time) already executed: must be 0
 * @param afterWindow executions that began after the window's end (late fires run while settling)
 * @param startLate the job's start − scheduled fire time
 * @param fireLate Quartz's fire time (when the trigger was fired in the store) − scheduled fire time
 * @param perNode executions per node, in node order
 * @param ranDuringWindow executions that began during the window, whatever their scheduled time: the throughput even
 *     when Quartz is behind
 */
record WindowFigures(double windowSeconds, long offeredPerSecond, long expected, long executed, long missing,
                     long duplicates, long afterWindow, Percentiles startLate, Percentiles fireLate,
                     long[] perNode, long ranDuringWindow) {

  double achievedPerSecond() {
    return executed / windowSeconds;
  }

  double ranPerSecond() {
    return ranDuringWindow / windowSeconds;
  }

  /**
   * Computes the figures of {@code e}, the executions of the window {@code [start, end)} of {@code plan};
   * {@code ranDuringWindow} is counted by the caller.
   */
  static WindowFigures of(FirePlan plan, long start, long end, FireLog.Executions e, int nodes,
                          long ranDuringWindow) {
    int n = e.size();
    long[] perNode = new long[nodes];
    long[] keys = new long[n];
    long[] startLate = new long[n];
    long[] fireLate = new long[n];
    long afterWindow = 0;
    for (int i = 0; i < n; i++) {
      perNode[e.node[i]]++;
      keys[i] = ((long) e.job[i] << 40) | (e.scheduled[i] - start); // jobs < 2^20, the window < 2^40 ms
      startLate[i] = e.started[i] - e.scheduled[i];
      fireLate[i] = e.fired[i] - e.scheduled[i];
      if (e.started[i] >= end) {
        afterWindow++;
      }
    }
    Arrays.sort(keys);
    long distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || keys[i] != keys[i - 1]) {
        distinct++;
      }
    }
    long expected = plan.firesIn(start, end);
    return new WindowFigures((end - start) / 1000.0, plan.jobs() * 1000L / plan.periodMs(), expected, n,
        Math.max(0, expected - distinct), n - distinct, afterWindow, Percentiles.of(startLate, n),
        Percentiles.of(fireLate, n), perNode, ranDuringWindow);
  }
}
