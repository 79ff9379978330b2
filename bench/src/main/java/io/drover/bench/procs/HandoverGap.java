package io.drover.bench.procs;

import java.util.List;

/**
 * The longest pause in a job's fires around a handover: the longest interval between two consecutive recording
 * times ({@code created_at}) in a window, less the period. The first recording after the window closes the last
 * interval, so a pause that starts inside the window is measured whole.
 *
 * @param ms the gap (0 when the fires kept their pace); NaN with fewer than two recordings to compare
 * @param before the fire recorded just before the pause; null with no gap measured
 * @param after the fire recorded just after it (its epoch says which leader recorded it); null with no gap measured
 */
record HandoverGap(double ms, InstanceTable.Fire before, InstanceTable.Fire after) {
  /** The gap among {@code fires} (ascending by recording time) recorded in {@code [from, to]}. */
  static HandoverGap of(List<InstanceTable.Fire> fires, long from, long to, long period) {
    InstanceTable.Fire previous = null;
    InstanceTable.Fire before = null;
    InstanceTable.Fire after = null;
    long longest = -1;
    for (InstanceTable.Fire f : fires) {
      if (f.createdAt() < from) {
        continue;
      }
      if (previous != null && f.createdAt() - previous.createdAt() > longest) {
        longest = f.createdAt() - previous.createdAt();
        before = previous;
        after = f;
      }
      previous = f;
      if (f.createdAt() > to) {
        break;
      }
    }
    return longest < 0 ? new HandoverGap(Double.NaN, null, null)
        : new HandoverGap(Math.max(0, longest - period), before, after);
  }
}
