package io.drover.bench.scale;

import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.NextFireCalculator;
import io.drover.scheduler.job.ScheduleType;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bench's jobs, and each one's row exactly as {@code POST /api/v1/jobs} stores it. Job {@code i} is named
 * {@code scale-0000000 + i}, has the Quartz cron {@code "<i mod spread> * * * * ?"} (once a minute, at second
 * {@code i mod spread}) in UTC and the processor {@code noop}; every other field is left to the API's defaults.
 * Its first fire comes from the scheduler's own {@link NextFireCalculator}, as the API computes it.
 *
 * <p>The defaults below are the API's (JobValidator); {@link CronJobLoader#differences} proves on every run that a
 * job created through the API has exactly the row {@link #job} builds for it.
 */
final class CronJobRows {
  static final String TIME_ZONE = "UTC";

  private final long appId;
  private final String app;
  private final String processor;
  private final int spreadSeconds;
  private final String[] crons = new String[60];
  /** First fire by second of the minute, for {@link #firstsAt}. */
  private final Long[] firsts = new Long[60];
  private long firstsAt = Long.MIN_VALUE;

  CronJobRows(long appId, String app, String processor, int spreadSeconds) {
    this.appId = appId;
    this.app = app;
    this.processor = processor;
    this.spreadSeconds = spreadSeconds;
    for (int s = 0; s < spreadSeconds; s++) {
      crons[s] = s + " * * * * ?";
      NextFireCalculator.validate(ScheduleType.CRON, crons[s], TIME_ZONE);
    }
  }

  static String name(int i) {
    return String.format(Locale.ROOT, "scale-%07d", i);
  }

  /** The second of the minute job {@code i} fires at. */
  int second(int i) {
    return i % spreadSeconds;
  }

  String cron(int i) {
    return crons[second(i)];
  }

  String app() {
    return app;
  }

  String processor() {
    return processor;
  }

  /**
   * Job {@code i} as the API makes it when the request arrives at {@code now}. The first fire is a function of the
   * cron and {@code now} only, so it is computed once per second of the minute and {@code now} (a batch of rows
   * shares one {@code now}); not thread-safe.
   */
  Job job(int i, long now) {
    String cron = cron(i);
    if (now != firstsAt) {
      Arrays.fill(firsts, null);
      firstsAt = now;
    }
    int s = second(i);
    Long next = firsts[s];
    if (next == null) {
      next = NextFireCalculator.first(ScheduleType.CRON, cron, TIME_ZONE, now, null, null);
      firsts[s] = next;
    }
    return new Job(null, appId, app, name(i), null, ScheduleType.CRON, cron, TIME_ZONE, processor, null,
        ExecutionMode.STANDALONE, "LEAST_LOADED", null, 0, "ALLOW", 0, 1, 1000, "FIRE_ONCE", true, next, 0, now,
        now, null, null);
  }
}
