package io.drover.scheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.ScheduleType;
import org.junit.jupiter.api.Test;

class MisfirePolicyTest {
  private static Job job(ScheduleType type, String expr, String policy) {
    return new Job(1L, 1, "a", "j", null, type, expr, "UTC", "echo", null, ExecutionMode.STANDALONE, "LEAST_LOADED",
        null, 0, "ALLOW", 0, 1, 1000, policy, true, null, 0, 0, 0, null, null);
  }

  private static final Job RATE = job(ScheduleType.FIXED_RATE, "1000", "FIRE_ONCE");

  @Test
  void onTimeFireRunsAndContinuesWithTheNextPeriod() {
    MisfirePolicy.Decision d = MisfirePolicy.decide(RATE, 10_000, 10_003, 5_000);
    assertThat(d.run()).isTrue();
    assertThat(d.next()).isEqualTo(11_000);
  }

  @Test
  void slightlyLateFiresCatchUpOneByOne() {
    assertThat(MisfirePolicy.decide(RATE, 10_000, 13_000, 5_000).next()).isEqualTo(11_000);
  }

  @Test
  void fireOnceRunsTheMisfireOnceAndResumesInPhaseAfterNow() {
    MisfirePolicy.Decision d = MisfirePolicy.decide(RATE, 10_000, 70_500, 5_000);
    assertThat(d.run()).isTrue();
    assertThat(d.next()).isEqualTo(71_000);
  }

  @Test
  void fireOnceCronResumesAtItsNextTimeAfterNow() {
    Job cron = job(ScheduleType.CRON, "0/10 * * * * ?", "FIRE_ONCE");
    assertThat(MisfirePolicy.decide(cron, 0, 125_000, 5_000).next()).isEqualTo(130_000);
  }

  @Test
  void skipRecordsTheMisfireSkippedAndResumesAfterNow() {
    MisfirePolicy.Decision d = MisfirePolicy.decide(job(ScheduleType.FIXED_RATE, "1000", "SKIP"), 10_000, 70_500,
        5_000);
    assertThat(d.run()).isFalse();
    assertThat(d.skipReason()).contains("misfire").contains("60500 ms");
    assertThat(d.next()).isEqualTo(71_000);
  }

  @Test
  void fireAllReplaysEveryMissedFireUpToTheBound() {
    Job all = job(ScheduleType.FIXED_RATE, "1000", "FIRE_ALL");
    MisfirePolicy.Decision d = MisfirePolicy.decide(all, 10_000, 70_500, 5_000);
    assertThat(d.run()).isTrue();
    assertThat(d.next()).as("the next missed fire, not a jump").isEqualTo(11_000);
    // 1,000 periods behind: only the last 100 are replayed
    MisfirePolicy.Decision far = MisfirePolicy.decide(all, 10_000, 1_010_000, 5_000);
    assertThat(far.run()).isTrue();
    assertThat(far.next()).isEqualTo(1_010_000 - 100 * 1000 + 1000);
  }

  @Test
  void oneShotThatMisfiredStillRunsOnceUnlessSkipped() {
    MisfirePolicy.Decision once = MisfirePolicy.decide(job(ScheduleType.ONE_SHOT, "5000", "FIRE_ONCE"), 5_000,
        600_000, 5_000);
    assertThat(once.run()).isTrue();
    assertThat(once.next()).isNull();
    MisfirePolicy.Decision skip = MisfirePolicy.decide(job(ScheduleType.ONE_SHOT, "5000", "SKIP"), 5_000,
        600_000, 5_000);
    assertThat(skip.run()).isFalse();
    assertThat(skip.next()).isNull();
  }
}
