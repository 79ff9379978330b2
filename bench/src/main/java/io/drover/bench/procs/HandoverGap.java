package io.drover.bench.procs;

import java.util.List;

/**
 * The longest pause in a job's fires around a handover: the longest interval between two consecutive recording
 * times ({@code created_at}) in a window, less the period. The first recording after the window closes the last
 * interval, so a pause that starts inside the window is measured whole.
 *
 * @param ms the gap (0 when the fires kept their pace); NaN with fewer than two recordings to compare
 * @param startedAt the recording time that began the longest interval (epoch ms); 0 with no gap measured
 */
record HandoverGap(double ms, long startedAt) {
  /** The gap among {@code recordedAt} (ascending) in {@code [from, to]}. */
  static HandoverGap of(List<Long> recordedAt, long from, long to, long period) {
    Long previous = null;
    long longest = -1;
    long startedAt = 0;
    for (long t : recordedAt) {
      if (t < from) {
        continue;
      }
      if (previous != null && t - previous > longest) {
        longest = t - previous;
        startedAt = previous;
      }
      previous = t;
      if (t > to) {
        break;
      }
    }
    return longest < 0 ? new HandoverGap(Double.NaN, 0) : new HandoverGap(Math.max(0, longest - period), startedAt);
  }
}
