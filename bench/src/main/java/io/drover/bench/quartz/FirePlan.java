package io.drover.bench.quartz;

/**
 * When the bench's jobs fire: job {@code i} first at {@code firstAt + i × period / jobs} (the starts spread evenly
 * over the first period), then every period. Says how many fires each job owes a window.
 */
record FirePlan(int jobs, long periodMs, long firstAt) {

  long firstFire(int jobIndex) {
    return firstAt + jobIndex * periodMs / jobs;
  }

  /** The last job's first fire: from then on every job is running. */
  long lastFirstFire() {
    return firstFire(jobs - 1);
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
