package io.drover.scheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.ScheduleType;
import org.junit.jupiter.api.Test;

class MisfirePolicyTest {
  private static Job job(ScheduleType type, String expr) {
    return new Job(1L, 1, "a", "j", null, type, expr, "UTC", "echo", null, ExecutionMode.STANDALONE, "LEAST_LOADED",
        null, 0, "ALLOW", 0, 1, 1000, "FIRE_ONCE", true, null, 0, 0, 0);
  }

  @Test
  void onTimeFireContinuesWithTheNextPeriod() {
    assertThat(MisfirePolicy.nextAfter(job(ScheduleType.FIXED_RATE, "1000"), 10_000, 10_003, 5_000))
        .isEqualTo(11_000);
  }

  @Test
  void slightlyLateFiresCatchUpOneByOne() {
    assertThat(MisfirePolicy.nextAfter(job(ScheduleType.FIXED_RATE, "1000"), 10_000, 13_000, 5_000))
        .isEqualTo(11_000);
  }

  @Test
  void misfiredRateJobFiresOnceAndResumesInPhaseAfterNow() {
    // the leader was away for a minute: one fire now, the next one on the original phase after now
    assertThat(MisfirePolicy.nextAfter(job(ScheduleType.FIXED_RATE, "1000"), 10_000, 70_500, 5_000))
        .isEqualTo(71_000);
  }

  @Test
  void misfiredCronJobResumesAtItsNextTimeAfterNow() {
    assertThat(MisfirePolicy.nextAfter(job(ScheduleType.CRON, "0/10 * * * * ?"), 0, 125_000, 5_000))
        .isEqualTo(130_000);
  }
}
