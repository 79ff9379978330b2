package io.drover.bench.suite;

/**
 * One measured figure of a scenario, as it appears in a row of the suite's table.
 *
 * @param name what was measured, e.g. "start lateness p99 at 10k fires/s"
 * @param value the measured value; {@code NaN} when it could not be measured
 * @param unit its unit: "ms", "/s", "MiB", "×", "count"
 * @param goal the goal as text ("≤ 20 ms"), or empty when the figure has none
 * @param met whether the goal was met; {@code null} when there is no goal
 */
public record Figure(String name, double value, String unit, String goal, Boolean met) {
  public Figure {
    goal = goal == null ? "" : goal;
  }

  /** A figure without a goal. */
  public static Figure of(String name, double value, String unit) {
    return new Figure(name, value, unit, "", null);
  }

  /** A figure whose goal is "at most {@code limit}". */
  public static Figure atMost(String name, double value, String unit, double limit) {
    return new Figure(name, value, unit, "≤ " + Format.number(limit) + " " + unit, !Double.isNaN(value)
        && value <= limit);
  }

  /** A figure whose goal is "at least {@code limit}". */
  public static Figure atLeast(String name, double value, String unit, double limit) {
    return new Figure(name, value, unit, "≥ " + Format.number(limit) + " " + unit, !Double.isNaN(value)
        && value >= limit);
  }
}
