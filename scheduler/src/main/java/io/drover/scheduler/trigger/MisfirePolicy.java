package io.drover.scheduler.trigger;

import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.NextFireCalculator;

/**
 * Where a job's schedule continues after a fire. A fire later than the threshold (the leader was away or
 * overloaded) is a misfire: FIRE_ONCE, the default, fires it once and continues at the first fire after now,
 * so no backlog of past fires floods the workers.
 */
final class MisfirePolicy {
  private MisfirePolicy() {}

  static Long nextAfter(Job job, long fireAt, long now, long thresholdMs) {
    Long next = NextFireCalculator.after(job, fireAt);
    if (next == null || next > now - thresholdMs) {
      return next;
    }
    return switch (job.scheduleType()) {
      case FIXED_RATE -> {
        long period = next - fireAt;
        long behind = now - next;
        yield next + (behind / period + 1) * period;
      }
      case CRON -> NextFireCalculator.after(job, now);
      default -> next;
    };
  }
}
