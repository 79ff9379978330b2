package io.drover.bench.quartz;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a run's figures into the suite's {@link ScenarioResult} (the six "quartz ..." figures the suite report
 * compares with Drover's, settings and raw figures as details) and into a markdown table for the console.
 */
final class QuartzReport {
  static final String SCENARIO = "quartz";
  static final String OFFERED = "quartz offered fires/s";
  static final String ACHIEVED = "quartz achieved fires/s";
  static final String START_P50 = "quartz start lateness p50";
  static final String START_P99 = "quartz start lateness p99";
  static final String START_MAX = "quartz start lateness max";
  static final String MISSING = "quartz missing fires";

  /** What a reader of the result must know before comparing it with Drover's figures. */
  static final List<String> CAVEATS = List.of(
      "Quartz keeps no history of runs: a fire updates the trigger row and inserts then deletes one"
          + " QRTZ_FIRED_TRIGGERS row; Drover writes an instance row per fire and keeps it (plus its state changes).",
      "The job runs inside the scheduler's JVM on its own thread pool; Drover dispatches each fire over the network"
          + " to a worker process (in its bench, workers in the same JVM over loopback) and records the start.",
      "Start lateness here is the job's first instruction − the trigger's scheduled time, both from the same clock;"
          + " Quartz may hand a trigger to a thread up to 2 ms early, so a few values can be slightly negative.",
      "Every node of the cluster runs in this one JVM, on the same 2-core machine as the database.");

  private QuartzReport() {}

  static String title(QuartzOptions o, String quartzVersion) {
    return String.format(Locale.ROOT, "Quartz %s clustered JDBC (JobStoreTX), %d node%s, %d threads, %,d jobs every %s",
        quartzVersion, o.nodes(), o.nodes() == 1 ? "" : "s", o.threads(), o.jobs(), period(o.periodMs()));
  }

  /** Adds the suite's figures and the window's details to {@code result}. */
  static void addWindow(ScenarioResult result, WindowFigures w, CpuMeter.Usage cpu, long dropped) {
    result.add(Figure.of(OFFERED, w.offeredPerSecond(), "/s"))
        .add(Figure.of(ACHIEVED, Math.round(w.achievedPerSecond() * 100) / 100.0, "/s"))
        .add(Figure.of(START_P50, w.startLate().value(w.startLate().p50()), "ms"))
        .add(Figure.of(START_P99, w.startLate().value(w.startLate().p99()), "ms"))
        .add(Figure.of(START_MAX, w.startLate().value(w.startLate().max()), "ms"))
        .add(Figure.of(MISSING, w.missing(), "count"));
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("windowSeconds", w.windowSeconds());
    window.put("expected", w.expected());
    window.put("executed", w.executed());
    window.put("missing", w.missing());
    window.put("duplicates", w.duplicates());
    window.put("executedAfterWindowEnd", w.afterWindow());
    window.put("executionsDuringWindowAnyScheduledTimePerSecond", Math.round(w.ranPerSecond() * 10) / 10.0);
    window.put("droppedByRecorder", dropped);
    result.detail("window", window);
    Map<String, Object> lateness = new LinkedHashMap<>();
    lateness.put("start", w.startLate().toMap());
    lateness.put("fire", w.fireLate().toMap());
    result.detail("latenessMs", lateness);
    Map<String, Long> perNode = new LinkedHashMap<>();
    for (int i = 0; i < w.perNode().length; i++) {
      perNode.put(QuartzSettings.instanceId(i), w.perNode()[i]);
    }
    result.detail("executionsPerNode", perNode);
    result.detail("cpuDuringWindow", cpu.toMap());
  }

  /** The suite's figures as "not measured" (NaN, but the offered rate), for a run that failed before its window. */
  static void addUnmeasured(ScenarioResult result, long offeredPerSecond) {
    if (!result.getFigures().isEmpty()) {
      return;
    }
    result.add(Figure.of(OFFERED, offeredPerSecond, "/s"))
        .add(Figure.of(ACHIEVED, Double.NaN, "/s"))
        .add(Figure.of(START_P50, Double.NaN, "ms"))
        .add(Figure.of(START_P99, Double.NaN, "ms"))
        .add(Figure.of(START_MAX, Double.NaN, "ms"))
        .add(Figure.of(MISSING, Double.NaN, "count"));
  }

  static String markdown(String title, WindowFigures w, CpuMeter.Usage cpu) {
    StringBuilder b = new StringBuilder();
    b.append("### ").append(title).append("\n\n");
    b.append("| figure | value |\n| --- | --- |\n");
    row(b, "offered fires/s", num(w.offeredPerSecond()));
    row(b, "**achieved fires/s**", String.format(Locale.ROOT, "%,.1f", w.achievedPerSecond()));
    row(b, "expected / executed / missing / duplicates", num(w.expected()) + " / " + num(w.executed()) + " / "
        + num(w.missing()) + " / " + num(w.duplicates()));
    row(b, "executed after the window's end", num(w.afterWindow()));
    row(b, "executions/s during the window, any scheduled time", String.format(Locale.ROOT, "%,.1f",
        w.ranPerSecond()));
    row(b, "**start lateness** p50 / p90 / p99 / p99.9 / max", late(w.startLate()));
    row(b, "fire lateness (Quartz's fireTime) p50 / p90 / p99 / p99.9 / max", late(w.fireLate()));
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i < w.perNode().length; i++) {
      nodes.append(i == 0 ? "" : ", ").append(QuartzSettings.instanceId(i)).append(' ').append(num(w.perNode()[i]));
    }
    row(b, "executions per node", nodes.toString());
    row(b, "CPU, % of the machine: JVM / mariadbd / others", pct(cpu.percent(cpu.jvmSeconds())) + " / "
        + pct(cpu.percent(cpu.mariadbSeconds())) + " / " + pct(cpu.othersPercent()));
    return b.toString();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static String late(Percentiles p) {
    if (p.n() == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,d / %,d / %,d / %,d / %,d ms", p.p50(), p.p90(), p.p99(), p.p999(),
        p.max());
  }

  private static String num(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String pct(double v) {
    return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f %%", v);
  }

  private static String period(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
