package io.drover.scheduler.trigger;

import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.NextFireCalculator;
import io.drover.scheduler.job.ScheduleType;

/**
 * What happens to a fire and where the schedule continues. A fire more than the threshold late (the leader was
 * away, or the job was disabled and enabled again) is a misfire, handled by the job's policy:
 * <ul>
 *   <li>FIRE_ONCE (default): run it once, continue at the first fire after now.</li>
 *   <li>SKIP: record it SKIPPED with the reason, continue at the first fire after now.</li>
 *   <li>FIRE_ALL: run every missed fire, one after another, but at most the last {@value #FIRE_ALL_MAX}.</li>
 * </ul>
 */
final class MisfirePolicy {
  static final int FIRE_ALL_MAX = 100;

  private MisfirePolicy() {}

  /** The outcome of one fire: run it or record it skipped, and the next fire time (null: none). */
  record Decision(boolean run, Long next, String skipReason) {}

  static Decision decide(Job job, long fireAt, long now, long thresholdMs) {
    Decision d = decideIgnoringLifetime(job, fireAt, now, thresholdMs);
    return new Decision(d.run(), job.withinLifetime(d.next()), d.skipReason());
  }

  private static Decision decideIgnoringLifetime(Job job, long fireAt, long now, long thresholdMs) {
    Long next = NextFireCalculator.after(job, fireAt);
    boolean late = now - fireAt > thresholdMs;
    String policy = job.misfirePolicy() == null ? "FIRE_ONCE" : job.misfirePolicy();
    if (!late || next == null) {
      if (late && "SKIP".equals(policy)) {
        return new Decision(false, next, skipReason(fireAt, now));
      }
      return new Decision(true, next, null);
    }
    return switch (policy) {
      case "SKIP" -> new Decision(false, firstAfter(job, fireAt, next, now), skipReason(fireAt, now));
      case "FIRE_ALL" -> new Decision(true, boundedReplay(job, fireAt, next, now), null);
      default -> new Decision(true, next > now - thresholdMs ? next : firstAfter(job, fireAt, next, now), null);
    };
  }

  private static String skipReason(long fireAt, long now) {
    return "misfire: fire time passed " + (now - fireAt) + " ms ago (misfirePolicy SKIP)";
  }

  /** The first fire after now, keeping a fixed rate's phase. */
  private static Long firstAfter(Job job, long fireAt, long next, long now) {
    if (next > now) {
      return next;
    }
    if (job.scheduleType() == ScheduleType.FIXED_RATE) {
      long period = next - fireAt;
      return next + ((now - next) / period + 1) * period;
    }
    return NextFireCalculator.after(job, now);
  }

  /** The next missed fire, unless more than {@value #FIRE_ALL_MAX} periods are missed: then the oldest kept. */
  private static Long boundedReplay(Job job, long fireAt, long next, long now) {
    long period = next - fireAt;
    long oldestKept = now - FIRE_ALL_MAX * period;
    if (next >= oldestKept) {
      return next;
    }
    if (job.scheduleType() == ScheduleType.FIXED_RATE) {
      return next + ((oldestKept - next) / period + 1) * period;
    }
    return NextFireCalculator.after(job, oldestKept);
  }
}
