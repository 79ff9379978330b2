package io.drover.bench.scale;

import io.drover.bench.Lateness;
import io.drover.bench.ResourceMeter;
import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one scale run, gathered stage by stage: the suite's {@link ScenarioResult} (every figure is
 * there, {@code NaN} when the run ended before measuring it) and a markdown table for people.
 */
final class ScaleReport {
  static final String SCENARIO = "scale";
  static final String JOBS_LOADED = "scale jobs loaded";
  static final String LOAD_TIME = "scale load time";
  static final String HEAP_IDLE = "scale heap used after GC, no jobs";
  static final String HEAP_LOADED = "scale heap used after GC, with jobs";
  static final String OFFERED = "scale offered fires/s";
  static final String ACHIEVED = "scale achieved fires/s";
  static final String START_P50 = "scale start lateness p50";
  static final String START_P99 = "scale start lateness p99";
  static final String START_MAX = "scale start lateness max";
  static final String MISSING = "scale missing fires";
  /** The goal of the issue: a million jobs in at most 1 GiB of heap. */
  static final double HEAP_GOAL_MIB = 1024;

  private final String title;
  private final Map<String, Object> details = new LinkedHashMap<>();
  private double jobsLoaded = Double.NaN;
  private double loadSeconds = Double.NaN;
  private HeapProbe.Heap heapIdle;
  private HeapProbe.Heap heapLoaded;
  private FireWindow window;
  private ResourceMeter.Usage usage;

  ScaleReport(String title) {
    this.title = title;
  }

  void detail(String key, Object value) {
    details.put(key, value);
  }

  void loaded(long jobs, double seconds) {
    jobsLoaded = jobs;
    loadSeconds = seconds;
  }

  void heapIdle(HeapProbe.Heap h) {
    heapIdle = h;
    details.put("heapNoJobs", h.toMap());
  }

  void heapLoaded(HeapProbe.Heap h) {
    heapLoaded = h;
    details.put("heapWithJobs", h.toMap());
    if (heapIdle != null) {
      details.put("heapDifferenceMiB", HeapProbe.round(h.usedAfterGcMiB() - heapIdle.usedAfterGcMiB()));
    }
  }

  void window(FireWindow w) {
    window = w;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start", w.start());
    m.put("end", w.end());
    m.put("expected", w.expected());
    m.put("recorded", w.recorded());
    m.put("distinct", w.distinct());
    m.put("duplicates", w.duplicates());
    m.put("offGrid", w.offGrid());
    m.put("missing", w.missing());
    m.put("statuses", w.statuses());
    m.put("recordLatenessMs", w.recordLate().toMap());
    m.put("startLatenessMs", w.startLate().toMap());
    m.put("finishLatenessMs", w.finishLate().toMap());
    List<Map<String, Object>> slices = new ArrayList<>();
    for (FireWindow.Slice s : w.slices()) {
      Map<String, Object> sm = new LinkedHashMap<>(s.start().toMap());
      sm.put("fromS", (s.from() - w.start()) / 1000);
      slices.add(sm);
    }
    m.put("startLatenessBySliceMs", slices);
    details.put("window", m);
    if (w.recorded() < w.expected()) {
      details.put("note", String.format(Locale.ROOT, "%,d of the window's %,d fires were not recorded by the end of"
          + " the settle time: the lateness figures cover the %,d recorded ones only (n/a when none), and"
          + " firesRecordedDuringWindow says how late the fires the server did record in the window were",
          w.expected() - w.recorded(), w.expected(), w.recorded()));
    }
  }

  void usage(ResourceMeter.Usage u) {
    usage = u;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", u.cpus());
    m.put("wallSeconds", round(u.wallSeconds()));
    m.put("jvmCpuSeconds", round(u.jvmCpuSeconds()));
    m.put("jvmPercentOfMachine", round(u.jvmPercentOfMachine()));
    m.put("mariadbCpuSeconds", round(u.mariadbCpuSeconds()));
    m.put("mariadbPercentOfMachine", round(u.mariadbPercentOfMachine()));
    m.put("othersPercentOfMachine", round(u.othersPercentOfMachine()));
    m.put("gcCount", u.gcCount());
    m.put("gcMs", u.gcMs());
    Map<String, Object> threads = new LinkedHashMap<>();
    u.topThreadGroups().forEach(e -> threads.put(e.getKey(), round(e.getValue())));
    m.put("threadCpuSeconds", threads);
    Map<String, Object> others = new LinkedHashMap<>();
    u.topOtherProcesses().forEach(e -> others.put(e.getKey(), round(e.getValue())));
    m.put("otherProcessesCpuSeconds", others);
    details.put("windowResources", m);
  }

  ScenarioResult result(String error) {
    ScenarioResult r = ScenarioResult.of(SCENARIO, title);
    FireWindow w = window;
    r.add(Figure.of(JOBS_LOADED, jobsLoaded, "count"));
    r.add(Figure.of(LOAD_TIME, round(loadSeconds), "s"));
    r.add(Figure.of(HEAP_IDLE, heapIdle == null ? Double.NaN : HeapProbe.round(heapIdle.usedAfterGcMiB()), "MiB"));
    r.add(Figure.atMost(HEAP_LOADED, heapLoaded == null ? Double.NaN : HeapProbe.round(heapLoaded.usedAfterGcMiB()),
        "MiB", HEAP_GOAL_MIB));
    r.add(Figure.of(OFFERED, w == null ? Double.NaN : round(w.expected() / w.seconds()), "/s"));
    r.add(Figure.of(ACHIEVED, w == null ? Double.NaN : round(w.achievedPerSecond()), "/s"));
    r.add(Figure.of(START_P50, late(w, Lateness::p50), "ms"));
    r.add(Figure.of(START_P99, late(w, Lateness::p99), "ms"));
    r.add(Figure.of(START_MAX, late(w, Lateness::max), "ms"));
    r.add(Figure.of(MISSING, w == null ? Double.NaN : w.missing(), "count"));
    details.forEach(r::detail);
    if (error != null) {
      r.failed(error);
    }
    return r;
  }

  String markdown(ScenarioResult r) {
    StringBuilder b = new StringBuilder();
    b.append("### ").append(r.getTitle()).append(r.isCompleted() ? "" : " — FAILED: " + r.getError())
        .append("\n\n| figure | value | goal |\n| --- | ---: | --- |\n");
    for (Figure f : r.getFigures()) {
      String goal = f.goal().isEmpty() ? "" : f.goal() + (Boolean.TRUE.equals(f.met()) ? " met" : " NOT met");
      b.append("| ").append(f.name()).append(" | ").append(number(f.value())).append(' ').append(f.unit())
          .append(" | ").append(goal).append(" |\n");
    }
    FireWindow w = window;
    if (details.containsKey("note")) {
      b.append("\nNOTE: ").append(details.get("note")).append('\n');
    }
    if (w != null) {
      b.append("\n| window | value |\n| --- | ---: |\n");
      row(b, "expected / recorded / distinct fires", w.expected() + " / " + w.recorded() + " / " + w.distinct());
      row(b, "duplicate (job, fire_at), off the cron's grid", w.duplicates() + ", " + w.offGrid());
      row(b, "instances by status at read", w.statuses().toString());
      b.append("\n| lateness vs fire_at, ms | n | p50 | p90 | p99 | max | not set at read |\n")
          .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      late(b, "record: created_at", w.recordLate());
      late(b, "**start: started_at**", w.startLate());
      late(b, "finish: finished_at", w.finishLate());
      for (FireWindow.Slice s : w.slices()) {
        late(b, String.format(Locale.ROOT, "start, fires at +%d..%d s", (s.from() - w.start()) / 1000,
            (s.to() - w.start()) / 1000), s.start());
      }
    }
    b.append("\n| detail | value |\n| --- | --- |\n");
    for (String k : List.of("load", "referenceJob", "heapDifferenceMiB", "heapNoJobs", "heapRightAfterLoad",
        "heapWithJobs", "progressDuringWarmup", "progressDuringWindow", "settle", "firesRecordedDuringWindow",
        "triggerLoopCpuSeconds", "jobIndexReadsPerSecond", "bufferPoolPerSecond", "databaseCountersPerSecond",
        "gcDuringWindow", "gcCollectors", "jvm", "database", "serverSettings", "options")) {
      if (details.containsKey(k)) {
        row(b, k, String.valueOf(details.get(k)).replace('|', '/'));
      }
    }
    if (usage != null) {
      row(b, "CPU over the window", String.format(Locale.ROOT, "JVM %.0f %%, mariadbd %.0f %%, others %.0f %% of"
              + " %d CPUs", usage.jvmPercentOfMachine(), usage.mariadbPercentOfMachine(),
          usage.othersPercentOfMachine(), usage.cpus()));
      for (var e : usage.topThreadGroups()) {
        row(b, "thread CPU `" + e.getKey() + "`", String.format(Locale.ROOT, "%.1f s (%.0f %% of one core)",
            e.getValue(), 100 * e.getValue() / usage.wallSeconds()));
      }
    }
    return b.toString();
  }

  private static double late(FireWindow w, java.util.function.ToLongFunction<Lateness> f) {
    return w == null || w.startLate().n() == 0 ? Double.NaN : f.applyAsLong(w.startLate());
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static void late(StringBuilder b, String name, Lateness l) {
    b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", name, l.n(), l.p50(), l.p90(),
        l.p99(), l.max(), l.missing()));
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%,.1f", v);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
