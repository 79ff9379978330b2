package io.drover.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Percentiles of a set of delays in milliseconds, by plain sorting (nearest rank: the p-th percentile is the
 * smallest value with at least p % of the values at or below it).
 *
 * @param n how many values there were
 * @param missing how many instances had no value (the timestamp was still empty when read)
 */
public record Lateness(int n, int missing, long p50, long p90, long p99, long p999, long max) {
  static final Lateness NONE = new Lateness(0, 0, 0, 0, 0, 0, 0);

  /** The percentiles of {@code values[0..n)}; sorts that range in place. */
  public static Lateness of(long[] values, int n, int missing) {
    if (n == 0) {
      return new Lateness(0, missing, 0, 0, 0, 0, 0);
    }
    Arrays.sort(values, 0, n);
    return new Lateness(n, missing, rank(values, n, 50), rank(values, n, 90), rank(values, n, 99),
        rank(values, n, 99.9), values[n - 1]);
  }

  /** The nearest-rank percentile of {@code sorted[0..n)}. */
  public static long rank(long[] sorted, int n, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, index))];
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("missing", missing);
    m.put("p50", p50);
    m.put("p90", p90);
    m.put("p99", p99);
    m.put("p999", p999);
    m.put("max", max);
    return m;
  }
}
