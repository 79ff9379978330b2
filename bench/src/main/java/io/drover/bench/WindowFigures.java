package io.drover.bench;

import java.util.List;
import java.util.Map;

/**
 * What the database says about the fires of the measured window {@code [start, end)}.
 *
 * @param expected fires the jobs' schedules place in the window
 * @param recorded SCHEDULE instances with fire_at in the window
 * @param offGrid recorded fires not on their job's schedule (fire_at != first + k * period); 0 when correct
 * @param missing expected fires without an instance
 * @param duplicates (job, fire_at) pairs with more than one instance; must be 0
 * @param completedInWindow SUCCEEDED instances whose finished_at is in the window (any fire time after warm-up)
 * @param statuses the recorded window instances by status, when read
 * @param workerStartLate start lateness as the worker saw it: when the processor began, whatever the database
 *     knows yet (the server writes state changes behind)
 * @param slices worker-side start lateness over consecutive parts of the window: does it grow?
 * @param timeline record and start lateness second by second (in the JSON only)
 */
record WindowFigures(long start, long end, long expected, long recorded, long offGrid, long missing,
                     long duplicates, long completedInWindow, Map<String, Integer> statuses,
                     Lateness recordLate, Lateness dispatchLate, Lateness startLate, Lateness finishLate,
                     Lateness workerStartLate, List<Slice> slices, List<Second> timeline) {

  double seconds() {
    return (end - start) / 1000.0;
  }

  double achievedPerSecond() {
    return recorded / seconds();
  }

  double completedPerSecond() {
    return completedInWindow / seconds();
  }

  /** Worker-side start lateness of the fires in {@code [from, to)}. */
  record Slice(long from, long to, long fires, Lateness start) {}

  /** Record and worker-side start lateness of the fires in one second of the window, from its start. */
  record Second(int second, long fires, Lateness record, Lateness start) {}
}
