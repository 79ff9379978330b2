package io.drover.bench.procs;

import java.util.ArrayList;
import java.util.List;

/**
 * Audits the recorded fires of one FIXED_RATE job against its schedule: fires at {@code first + k × period},
 * handled by the misfire policy FIRE_ONCE exactly as {@code scheduler.trigger.MisfirePolicy} does it.
 *
 * <p>When a fire at {@code t} is recorded at {@code c} (its {@code created_at}, the {@code now} the policy decided
 * with), the schedule continues at {@code t + period}, unless the fire was a misfire ({@code c − t} above the
 * threshold) and {@code t + period} is itself at least a threshold old ({@code t + period ≤ c − threshold}): then
 * FIRE_ONCE continues at the first fire time after {@code c}, and the fires in between are skipped by policy, not
 * missed. Every other expected fire time without an instance is a miss: before the first recorded fire, between
 * two recorded fires, and after the last one up to {@code until} (the job's disabling, less a margin for the
 * recording of the last fires).
 *
 * <p>A duplicate is a second instance of the same (job, fire time); an off-grid fire is one at no
 * {@code first + k × period}. Both must never happen.
 */
final class ScheduleAudit {
  /** At most this many missed fire times are listed in the result. */
  static final int LISTED = 50;

  /**
   * The audit of one job.
   *
   * @param recorded distinct fire times recorded
   * @param duplicates instances beyond the first of a (job, fire time)
   * @param misses expected fire times neither recorded nor skipped by the misfire policy
   * @param skippedByPolicy fire times FIRE_ONCE skipped (after a misfire)
   * @param offGrid recorded fire times that are not {@code first + k × period}
   * @param unexpected recorded fire times the policy had skipped (the policy model here would be wrong)
   * @param missedTimes the first {@value #LISTED} missed fire times
   */
  record Result(int recorded, int duplicates, int misses, int skippedByPolicy, int offGrid, int unexpected,
                List<Long> missedTimes) {
    Result plus(Result o) {
      List<Long> missed = new ArrayList<>(missedTimes);
      o.missedTimes.stream().limit(Math.max(0, LISTED - missed.size())).forEach(missed::add);
      return new Result(recorded + o.recorded, duplicates + o.duplicates, misses + o.misses,
          skippedByPolicy + o.skippedByPolicy, offGrid + o.offGrid, unexpected + o.unexpected, List.copyOf(missed));
    }

    static Result none() {
      return new Result(0, 0, 0, 0, 0, 0, List.of());
    }
  }

  private ScheduleAudit() {}

  /**
   * @param fires the job's SCHEDULE instances, by fire time then recording time
   * @param first the job's first fire time (as {@code POST /api/v1/jobs} returned it)
   * @param period the FIXED_RATE period
   * @param thresholdMs {@code drover.trigger.misfire-threshold-ms}
   * @param until expected fires up to this time (inclusive) are audited
   */
  static Result of(List<InstanceTable.Fire> fires, long first, long period, long thresholdMs, long until) {
    int duplicates = 0;
    int misses = 0;
    int skipped = 0;
    int offGrid = 0;
    int unexpected = 0;
    int recorded = 0;
    List<Long> missed = new ArrayList<>();
    long expected = first; // where the schedule continues, as the policy decided with the fires so far
    Long previous = null;
    for (InstanceTable.Fire f : fires) {
      long t = f.fireAt();
      if (previous != null && t == previous) {
        duplicates++;
        continue;
      }
      if (previous != null && t < previous) {
        throw new IllegalArgumentException("fires must be ordered by fire time: " + t + " after " + previous);
      }
      previous = t;
      recorded++;
      if (t < first || (t - first) % period != 0) {
        offGrid++;
        continue;
      }
      if (t < expected) {
        unexpected++;
      }
      for (long m = expected; m < t; m += period) {
        misses++;
        if (missed.size() < LISTED) {
          missed.add(m);
        }
      }
      long next = nextAfter(t, f.createdAt(), period, thresholdMs);
      skipped += (int) ((next - t) / period - 1);
      expected = Math.max(expected, next);
    }
    for (long m = expected; m <= until; m += period) {
      misses++;
      if (missed.size() < LISTED) {
        missed.add(m);
      }
    }
    return new Result(recorded, duplicates, misses, skipped, offGrid, unexpected, List.copyOf(missed));
  }

  /** Where FIRE_ONCE continues after the fire at {@code t} recorded at {@code now}. */
  static long nextAfter(long t, long now, long period, long thresholdMs) {
    long next = t + period;
    boolean late = now - t > thresholdMs;
    if (!late || next > now - thresholdMs) {
      return next;
    }
    return next + ((now - next) / period + 1) * period; // the first fire time after now, in the same phase
  }
}
