package io.drover.bench.quartz;

import io.drover.bench.Lateness;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nearest-rank percentiles of delays in milliseconds: the p-th percentile is the smallest value with at least p %
 * of the values at or below it. All values, plain sorting.
 */
record Percentiles(int n, long min, long p50, long p90, long p99, long p999, long max) {

  /** The percentiles of {@code values[0..n)}; sorts that range in place. */
  static Percentiles of(long[] values, int n) {
    if (n == 0) {
      return new Percentiles(0, 0, 0, 0, 0, 0, 0);
    }
    Arrays.sort(values, 0, n);
    return new Percentiles(n, values[0], Lateness.rank(values, n, 50), Lateness.rank(values, n, 90),
        Lateness.rank(values, n, 99), Lateness.rank(values, n, 99.9), values[n - 1]);
  }

  /** A percentile as a figure's value: NaN when there were no values. */
  double value(long v) {
    return n == 0 ? Double.NaN : v;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("min", min);
    m.put("p50", p50);
    m.put("p90", p90);
    m.put("p99", p99);
    m.put("p999", p999);
    m.put("max", max);
    return m;
  }
}
