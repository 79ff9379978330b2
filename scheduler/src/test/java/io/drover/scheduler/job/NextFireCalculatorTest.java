package io.drover.scheduler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class NextFireCalculatorTest {
  private static long at(String isoInstant) {
    return Instant.parse(isoInstant).toEpochMilli();
  }

  private static Job job(ScheduleType type, String expr, String tz) {
    return new Job(1L, 1, "a", "j", null, type, expr, tz, "echo", null, ExecutionMode.STANDALONE, "LEAST_LOADED",
        null, 0, "ALLOW", 0, 1, 1000, "FIRE_ONCE", true, null, 0, 0, 0, null, null);
  }

  @Test
  void cronIsEvaluatedInTheJobsTimeZone() {
    // 03:00 every day in Tokyo is 18:00 UTC the day before
    Job j = job(ScheduleType.CRON, "0 0 3 * * ?", "Asia/Tokyo");
    long next = NextFireCalculator.after(j, at("2026-03-01T12:00:00Z"));
    assertThat(Instant.ofEpochMilli(next)).isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
    Job utc = job(ScheduleType.CRON, "0 0 3 * * ?", "UTC");
    assertThat(Instant.ofEpochMilli(NextFireCalculator.after(utc, at("2026-03-01T12:00:00Z"))))
        .isEqualTo(Instant.parse("2026-03-02T03:00:00Z"));
  }

  @Test
  void cronSkipsTheMissingHourOfADaylightSavingGap() {
    // Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29: a 02:30 daily job has no 02:30 that day
    Job j = job(ScheduleType.CRON, "0 30 2 * * ?", "Europe/Berlin");
    long next = NextFireCalculator.after(j, at("2026-03-28T12:00:00Z"));
    ZonedDateTime local = Instant.ofEpochMilli(next).atZone(ZoneId.of("Europe/Berlin"));
    assertThat(local.toLocalDate().toString()).isIn("2026-03-29", "2026-03-30");
    assertThat(next).isGreaterThan(at("2026-03-28T12:00:00Z"));
  }

  @Test
  void cronFiresAreStrictlyAfterTheGivenTime() {
    Job j = job(ScheduleType.CRON, "0/5 * * * * ?", "UTC");
    long t = at("2026-01-01T00:00:05Z");
    assertThat(NextFireCalculator.after(j, t)).isEqualTo(at("2026-01-01T00:00:10Z"));
    assertThat(NextFireCalculator.first(ScheduleType.CRON, "0/5 * * * * ?", "UTC", t)).isEqualTo(t);
  }

  @Test
  void cronFiresOnWholeSecondsWhateverTheMillisecondsOfNow() {
    long now = at("2026-01-01T00:00:07.283Z");
    assertThat(NextFireCalculator.first(ScheduleType.CRON, "* * * * * ?", "UTC", now))
        .isEqualTo(at("2026-01-01T00:00:08Z"));
    assertThat(NextFireCalculator.after(job(ScheduleType.CRON, "* * * * * ?", "UTC"), now))
        .isEqualTo(at("2026-01-01T00:00:08Z"));
  }

  @Test
  void unixQuartzAndSpringSyntaxesAllWork() {
    long t = at("2026-01-01T00:00:30Z");
    // Unix: minute first, five fields
    assertThat(NextFireCalculator.after(job(ScheduleType.CRON, "*/15 * * * *", "UTC"), t))
        .isEqualTo(at("2026-01-01T00:15:00Z"));
    // Quartz: seconds first, '?' in a day field, optional year
    assertThat(NextFireCalculator.after(job(ScheduleType.CRON, "0 0 12 ? * MON-FRI 2026", "UTC"), t))
        .isEqualTo(at("2026-01-01T12:00:00Z"));
    // Spring: seconds first, '*' in both day fields
    assertThat(NextFireCalculator.after(job(ScheduleType.CRON, "0 0 12 * * MON-FRI", "UTC"), t))
        .isEqualTo(at("2026-01-01T12:00:00Z"));
  }

  @Test
  void dstOverlapFiresOnceForTheRepeatedHour() {
    // America/New_York falls back on 2026-11-01: 01:30 local happens twice; a daily 01:30 job fires once that day
    Job j = job(ScheduleType.CRON, "0 30 1 * * ?", "America/New_York");
    long first = NextFireCalculator.after(j, at("2026-11-01T04:00:00Z"));
    long second = NextFireCalculator.after(j, first);
    assertThat(second - first).as("next fire is the next day, not an hour later").isGreaterThan(20 * 3600_000L);
  }

  @Test
  void fixedRateKeepsItsPhase() {
    Job j = job(ScheduleType.FIXED_RATE, "1500", "UTC");
    assertThat(NextFireCalculator.after(j, 10_000)).isEqualTo(11_500);
    assertThat(NextFireCalculator.first(ScheduleType.FIXED_RATE, "1500", "UTC", 10_000)).isEqualTo(11_500);
  }

  @Test
  void oneShotFiresOnceAndApiNever() {
    assertThat(NextFireCalculator.first(ScheduleType.ONE_SHOT, "123456", "UTC", 0)).isEqualTo(123_456);
    assertThat(NextFireCalculator.after(job(ScheduleType.ONE_SHOT, "123456", "UTC"), 123_456)).isNull();
    assertThat(NextFireCalculator.first(ScheduleType.API, "", "UTC", 0)).isNull();
    assertThat(NextFireCalculator.after(job(ScheduleType.FIXED_DELAY, "500", "UTC"), 1)).isNull();
  }

  @Test
  void invalidSchedulesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> NextFireCalculator.validate(ScheduleType.CRON, "61 * * * * ?", "UTC"))
        .isInstanceOf(InvalidJobException.class).hasMessageContaining("invalid cron expression");
    assertThatThrownBy(() -> NextFireCalculator.validate(ScheduleType.CRON, "", "UTC"))
        .hasMessageContaining("CRON scheduleExpr is required");
    assertThatThrownBy(() -> NextFireCalculator.validate(ScheduleType.FIXED_RATE, "10", "UTC"))
        .hasMessageContaining("at least 100 ms");
    assertThatThrownBy(() -> NextFireCalculator.validate(ScheduleType.FIXED_DELAY, "1s", "UTC"))
        .hasMessageContaining("must be a number of milliseconds");
    assertThatThrownBy(() -> NextFireCalculator.validate(ScheduleType.CRON, "* * * * * ?", "Nowhere/City"))
        .hasMessageContaining("unknown timeZone");
    assertThatThrownBy(() -> NextFireCalculator.validate(null, "", "UTC"))
        .hasMessageContaining("scheduleType is required");
  }
}
