package io.drover.bench.suite;

import java.util.Locale;

/** Number formatting shared by the suite's table. */
final class Format {
  private Format() {}

  /** Whole numbers with thousands separators, others with up to two decimals; "n/a" for NaN. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
