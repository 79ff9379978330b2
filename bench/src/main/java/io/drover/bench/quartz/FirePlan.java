package io.drover.bench.quartz;

import java.util.Arrays;

/**
 * When the bench's jobs fire. Job {@code i} fires on its own grid {@code origin + i × period / jobs + k × period},
 * so the jobs' fires are spread evenly over every period. Its first fire is the first point of that grid at or after
 * the moment it is stored ({@link #assign}), so a job starts firing soon after it exists, as Drover's jobs created
 * over HTTP do. Says how many fires each job owes a window.
 */
final class FirePlan {
  private final int jobs;
  private final long periodMs;
  private final long origin;
  private final long[] firstFire;

  FirePlan(int jobs, long periodMs, long origin) {
    this.jobs = jobs;
    this.periodMs = periodMs;
    this.origin = origin;
    this.firstFire = new long[jobs];
    Arrays.fill(firstFire, Long.MIN_VALUE);
  }

  int jobs() {
    return jobs;
  }

  long periodMs() {
    return periodMs;
  }

  /** Gives job {@code jobIndex} its first fire: the first point of its grid at or after {@code notBefore}. */
  long assign(int jobIndex, long notBefore) {
    long phase = origin + jobIndex * periodMs / jobs;
    long k = Math.max(0, ceilDiv(notBefore - phase, periodMs));
    firstFire[jobIndex] = phase + k * periodMs;
    return firstFire[jobIndex];
  }

  long firstFire(int jobIndex) {
    long f = firstFire[jobIndex];
    if (f == Long.MIN_VALUE) {
      throw new IllegalStateException("job " + jobIndex + " has no first fire yet");
    }
    return f;
  }

  /** The latest first fire: from then on every job is running. */
  long lastFirstFire() {
    long max = Long.MIN_VALUE;
    for (int j = 0; j < jobs; j++) {
      max = Math.max(max, firstFire(j));
    }
    return max;
  }

  /** Fires of job {@code jobIndex} scheduled in {@code [start, end)}. */
  long firesIn(int jobIndex, long start, long end) {
    return firesIn(firstFire(jobIndex), periodMs, start, end);
  }

  /** Fires of all jobs scheduled in {@code [start, end)}. */
  long firesIn(long start, long end) {
    long n = 0;
    for (int j = 0; j < jobs; j++) {
      n += firesIn(j, start, end);
    }
    return n;
  }

  /** How many of {@code first + k × period} (k ≥ 0) lie in {@code [start, end)}. */
  static long firesIn(long first, long period, long start, long end) {
    if (end <= start) {
      return 0;
    }
    long from = Math.max(0, ceilDiv(start - first, period));
    long to = ceilDiv(end - first, period); // exclusive
    return Math.max(0, to - from);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
