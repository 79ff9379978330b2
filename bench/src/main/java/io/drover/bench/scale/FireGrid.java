package io.drover.bench.scale;

import java.util.Arrays;

/**
 * When each loaded job fires: the second of the minute, by job id, in a byte per job (a million jobs take 1 MB).
 * Every job's first fire is the first minute mark after it was stored, so every mark of a window that starts later
 * is a fire of the job.
 */
final class FireGrid {
  private static final long MINUTE_MS = 60_000;
  private static final byte NONE = -1;

  private final long[] jobsAtSecond = new long[60];
  private long baseId = -1;
  private byte[] seconds = new byte[1024];
  private int jobs;

  void add(long jobId, int second) {
    if (baseId < 0) {
      baseId = jobId;
      Arrays.fill(seconds, NONE);
    }
    long offset = jobId - baseId;
    if (offset < 0 || offset >= Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("job id " + jobId + " is far from the first loaded id " + baseId);
    }
    if (offset >= seconds.length) {
      int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(offset + 1, seconds.length * 2L));
      int old = seconds.length;
      seconds = Arrays.copyOf(seconds, size);
      Arrays.fill(seconds, old, size, NONE);
    }
    if (seconds[(int) offset] == NONE) {
      jobs++;
      jobsAtSecond[second]++;
    }
    seconds[(int) offset] = (byte) second;
  }

  int jobs() {
    return jobs;
  }

  /** The fires the jobs' schedules place in {@code [start, end)}. */
  long expected(long start, long end) {
    long n = 0;
    for (int s = 0; s < 60; s++) {
      n += jobsAtSecond[s] * marks(s * 1000L, start, end);
    }
    return n;
  }

  /** Whether {@code fireAt} is a fire time of the job: a whole second, its second of the minute. */
  boolean onGrid(long jobId, long fireAt) {
    long offset = jobId - baseId;
    if (baseId < 0 || offset < 0 || offset >= seconds.length || seconds[(int) offset] == NONE) {
      return false;
    }
    return Math.floorMod(fireAt, MINUTE_MS) == seconds[(int) offset] * 1000L;
  }

  /** Times {@code first + k * 60 s} (any whole k) within {@code [start, end)}. */
  private static long marks(long first, long start, long end) {
    long from = first + Math.floorDiv(start - first + MINUTE_MS - 1, MINUTE_MS) * MINUTE_MS;
    return from < end ? (end - 1 - from) / MINUTE_MS + 1 : 0;
  }
}
