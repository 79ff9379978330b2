package io.drover.bench.procs;

import java.util.List;

/** Median and maximum of a few measured values (one per round). */
final class Stats {
  private Stats() {}

  /** The median (the mean of the two middle values for an even count); NaN when empty. */
  static double median(List<Double> values) {
    List<Double> v = values.stream().filter(d -> !d.isNaN()).sorted().toList();
    if (v.isEmpty()) {
      return Double.NaN;
    }
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /** The largest value; NaN when empty or when any value is NaN (a round that could not be measured). */
  static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).reduce(Double.NaN,
        (a, b) -> Double.isNaN(a) ? b : Math.max(a, b));
  }
}
