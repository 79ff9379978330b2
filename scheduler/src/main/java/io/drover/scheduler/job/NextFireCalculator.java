package io.drover.scheduler.job;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes a job's fire times and validates schedule expressions. Cron expressions are evaluated in the job's
 * time zone and may use any of three syntaxes, told apart by their shape: Unix (5 fields, minute first), Quartz
 * (6 or 7 fields, seconds first, {@code ?} in a day field) and Spring (6 fields, seconds first, {@code *} allowed in
 * both day fields). Daylight-saving gaps skip the missing local times; overlaps fire once.
 */
public final class NextFireCalculator {
  private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser SPRING = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
  private static final int CACHE_LIMIT = 10_000;
  /** Parsed expressions: parsing costs far more than evaluating, and most jobs share few expressions. */
  private static final Map<String, ExecutionTime> CACHE = new ConcurrentHashMap<>();

  private NextFireCalculator() {}

  /** Throws {@link InvalidJobException} when the schedule cannot fire as written. */
  public static void validate(ScheduleType type, String expr, String timeZone) {
    if (type == null) {
      throw new InvalidJobException("scheduleType is required: one of CRON, FIXED_RATE, FIXED_DELAY, API, ONE_SHOT");
    }
    zone(timeZone);
    switch (type) {
      case CRON -> cron(expr);
      case FIXED_RATE, FIXED_DELAY -> {
        long ms = number(type, expr);
        if (ms < 100) {
          throw new InvalidJobException(type + " scheduleExpr must be at least 100 ms, got " + ms);
        }
      }
      case ONE_SHOT -> {
        if (number(type, expr) < 0) {
          throw new InvalidJobException("ONE_SHOT scheduleExpr must be an epoch-millisecond time, got " + expr);
        }
      }
      case API -> { }
    }
  }

  /**
   * The first fire of a new or re-enabled job at or after {@code now}, or null when it never fires by itself.
   */
  public static Long first(ScheduleType type, String expr, String timeZone, long now) {
    return first(type, expr, timeZone, now, null, null);
  }

  /**
   * The first fire within a lifetime: not before {@code startAt} (a rate or delay job fires at the start itself)
   * and null when it would come after {@code endAt}.
   */
  public static Long first(ScheduleType type, String expr, String timeZone, long now, Long startAt, Long endAt) {
    boolean future = startAt != null && startAt > now;
    long from = future ? startAt : now;
    Long first = switch (type) {
      case CRON -> nextCron(expr, timeZone, from - 1);
      case FIXED_RATE, FIXED_DELAY -> future ? from : from + number(type, expr);
      case ONE_SHOT -> number(type, expr);
      case API -> null;
    };
    return first != null && endAt != null && first > endAt ? null : first;
  }

  /**
   * The fire after {@code fireAt}, or null when there is none. FIXED_DELAY returns null: its next fire is set when
   * the previous instance ends.
   */
  public static Long after(Job job, long fireAt) {
    return switch (job.scheduleType()) {
      case CRON -> nextCron(job.scheduleExpr(), job.timeZone(), fireAt);
      case FIXED_RATE -> fireAt + number(ScheduleType.FIXED_RATE, job.scheduleExpr());
      case FIXED_DELAY, ONE_SHOT, API -> null;
    };
  }

  private static Long nextCron(String expr, String timeZone, long afterMs) {
    // cron has second resolution: count from the start of the second, or fires inherit its milliseconds
    ZonedDateTime after = Instant.ofEpochMilli(afterMs).atZone(zone(timeZone)).truncatedTo(ChronoUnit.SECONDS);
    ExecutionTime time = CACHE.get(expr);
    if (time == null) {
      time = ExecutionTime.forCron(cron(expr));
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(expr, time);
    }
    Optional<ZonedDateTime> next = time.nextExecution(after);
    return next.map(t -> t.toInstant().toEpochMilli()).orElse(null);
  }

  private static Cron cron(String expr) {
    if (expr == null || expr.isBlank()) {
      throw new InvalidJobException("CRON scheduleExpr is required, e.g. \"0/5 * * * * ?\"");
    }
    String e = expr.trim();
    int fields = e.split("\\s+").length;
    try {
      if (fields == 5) {
        return UNIX.parse(e).validate();
      }
      try {
        return QUARTZ.parse(e).validate();
      } catch (IllegalArgumentException quartzError) {
        if (fields != 6) {
          throw quartzError;
        }
        return SPRING.parse(e).validate();
      }
    } catch (IllegalArgumentException ex) {
      throw new InvalidJobException("invalid cron expression \"" + expr + "\" (" + fields + " fields; use Unix"
          + " \"m h dom mon dow\", Quartz \"s m h dom mon dow [year]\" or Spring \"s m h dom mon dow\"): "
          + ex.getMessage());
    }
  }

  private static long number(ScheduleType type, String expr) {
    try {
      return Long.parseLong(expr == null ? "" : expr.trim());
    } catch (NumberFormatException e) {
      throw new InvalidJobException(type + " scheduleExpr must be a number of milliseconds, got \"" + expr + "\"");
    }
  }

  private static ZoneId zone(String timeZone) {
    try {
      return ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone);
    } catch (DateTimeException e) {
      throw new InvalidJobException("unknown timeZone \"" + timeZone + "\"");
    }
  }
}
