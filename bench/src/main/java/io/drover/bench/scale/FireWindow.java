package io.drover.bench.scale;

import io.drover.bench.Lateness;
import java.util.List;
import java.util.Map;

/**
 * What the {@code instance} table says about the scheduled fires of the window {@code [start, end)}.
 *
 * @param expected fires the jobs' schedules place in the window
 * @param recorded SCHEDULE instances with fire_at in the window
 * @param distinct distinct (job, fire_at) pairs among them
 * @param duplicates (job, fire_at) pairs with more than one instance; must be 0
 * @param offGrid recorded fires at a time their job's cron does not fire at; must be 0
 * @param missing expected fires without an instance: expected - (distinct - offGrid)
 * @param statuses the recorded instances by status, when read
 * @param recordLate created_at - fire_at: the fire reached the database
 * @param startLate started_at - fire_at: the processor began (the headline figure)
 * @param finishLate finished_at - fire_at
 * @param slices start lateness over consecutive parts of the window: does it grow?
 */
record FireWindow(long start, long end, long expected, long recorded, long distinct, long duplicates, long offGrid,
                  long missing, Map<String, Integer> statuses, Lateness recordLate, Lateness startLate,
                  Lateness finishLate, List<Slice> slices) {

  double seconds() {
    return (end - start) / 1000.0;
  }

  double achievedPerSecond() {
    return recorded / seconds();
  }

  /** Start lateness of the fires in {@code [from, to)}. */
  record Slice(long from, long to, Lateness start) {}
}
