package io.drover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run: a markdown table for people, the same figures as JSON for tools. */
record LoadReport(LoadOptions options, JobCreator.Creation creation, WindowFigures window, ResourceMeter.Usage usage,
                  Map<String, Double> dbRates, Map<String, Object> heap, Map<String, Object> serverSettings,
                  String database, List<Long> storedLagMs, long settleMs, boolean settled, String git) {

  String markdown() {
    WindowFigures w = window;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "### Schedule load: %d FIXED_RATE jobs every %d ms, %d worker(s) x %d slots,"
            + " %d s window after %d s warm-up%n%n", options.jobs(), options.periodMs(), options.workers(),
        options.capacity(), options.seconds(), options.warmupSeconds()));
    b.append("| figure | value |\n| --- | ---: |\n");
    row(b, "offered fires/s (jobs / period)", fmt(options.offeredPerSecond()));
    row(b, "achieved fires/s (instances with fire_at in window)", fmt(w.achievedPerSecond()));
    row(b, "completed (SUCCEEDED, finished_at in window)/s", fmt(w.completedPerSecond()));
    row(b, "expected / recorded fires", w.expected() + " / " + w.recorded());
    row(b, "missing fires (expected - recorded)", String.valueOf(w.missing()));
    row(b, "duplicate (job, fire_at) pairs", String.valueOf(w.duplicates()));
    if (w.offGrid() != 0) {
      row(b, "fires off their schedule grid", String.valueOf(w.offGrid()));
    }
    row(b, "window instances by status at read", w.statuses().toString());
    row(b, "job creation over HTTP", String.format(Locale.ROOT,
        "%d jobs in %.1f s (%.0f/s, %d threads); one POST p50 %d ms, p99 %d ms, max %d ms", creation.jobs().size(),
        creation.elapsedMs() / 1000.0, creation.perSecond(), creation.threads(), creation.requestMs().p50(),
        creation.requestMs().p99(), creation.requestMs().max()));
    row(b, "stored-state lag every 5 s (now - created_at of newest SUCCEEDED row), ms", storedLagMs.toString());
    row(b, "settle after window", (settled ? "all recorded and ended in " : "NOT settled after ") + settleMs + " ms");
    b.append('\n');
    b.append("| lateness vs fire_at, ms | n | p50 | p90 | p99 | p99.9 | max | not set at read |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    late(b, "record: created_at", w.recordLate());
    late(b, "dispatch: dispatched_at", w.dispatchLate());
    late(b, "**start: started_at**", w.startLate());
    late(b, "finish: finished_at", w.finishLate());
    late(b, "**start, seen by the worker**", w.workerStartLate());
    b.append('\n');
    b.append("| start lateness (worker) by part of the window | fires | p50 | p99 | max | not started |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (WindowFigures.Slice s : w.slices()) {
      b.append(String.format(Locale.ROOT, "| +%.0f..%.0f s | %d | %d | %d | %d | %d |%n",
          (s.from() - w.start()) / 1000.0, (s.to() - w.start()) / 1000.0, s.fires(), s.start().p50(), s.start().p99(),
          s.start().max(), s.start().missing()));
    }
    b.append('\n');
    b.append("| resource (over the window) | value |\n| --- | ---: |\n");
    row(b, "CPUs", String.valueOf(usage.cpus()));
    row(b, "JVM CPU (server + workers + bench)", String.format(Locale.ROOT, "%.1f s = %.0f %% of the machine",
        usage.jvmCpuSeconds(), usage.jvmPercentOfMachine()));
    row(b, "mariadbd CPU", usage.mariadbCpuSeconds() < 0 ? "n/a (external database)"
        : String.format(Locale.ROOT, "%.1f s = %.0f %% of the machine", usage.mariadbCpuSeconds(),
            usage.mariadbPercentOfMachine()));
    row(b, "whole machine busy / used by other processes", usage.machinePercentBusy() < 0 ? "n/a"
        : String.format(Locale.ROOT, "%.0f %% / %s", usage.machinePercentBusy(), usage.othersPercentOfMachine() < 0
            ? "n/a" : String.format(Locale.ROOT, "%.0f %%", usage.othersPercentOfMachine())));
    for (var e : usage.topOtherProcesses()) {
      row(b, "other process: `" + e.getKey().replace('|', '/') + "`", String.format(Locale.ROOT, "%.1f s CPU",
          e.getValue()));
    }
    row(b, "GC", usage.gcCount() + " collections, " + usage.gcMs() + " ms");
    row(b, "heap used after the run (before / after full GC, max)", heap.get("usedMiB") + " / "
        + heap.get("usedAfterGcMiB") + " MiB, max " + heap.get("maxMiB") + " MiB");
    for (var e : usage.topThreadGroups()) {
      row(b, "thread CPU: `" + e.getKey() + "`", String.format(Locale.ROOT, "%.1f s (%.0f %% of one core)",
          e.getValue(), 100 * e.getValue() / usage.wallSeconds()));
    }
    if (!dbRates.isEmpty()) {
      b.append('\n').append("| database counter (SHOW GLOBAL STATUS) | per second over the window |\n")
          .append("| --- | ---: |\n");
      dbRates.forEach((k, v) -> row(b, k, fmt(v)));
    }
    b.append('\n').append("database: ").append(database).append('\n');
    b.append("server settings: ").append(serverSettings).append('\n');
    return b.toString();
  }

  Map<String, Object> toJson() {
    WindowFigures w = window;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bench", "schedule-load");
    m.put("at", Instant.now().toString());
    m.put("git", git);
    m.put("smoke", options.smoke());
    m.put("jobs", options.jobs());
    m.put("periodMs", options.periodMs());
    m.put("workers", options.workers());
    m.put("workerCapacity", options.capacity());
    m.put("warmupSeconds", options.warmupSeconds());
    m.put("startDelayMs", options.startDelayMs());
    m.put("windowSeconds", options.seconds());
    m.put("windowStart", w.start());
    m.put("windowEnd", w.end());
    m.put("offeredFiresPerSecond", options.offeredPerSecond());
    m.put("achievedFiresPerSecond", round(w.achievedPerSecond()));
    m.put("completedPerSecond", round(w.completedPerSecond()));
    m.put("expectedFires", w.expected());
    m.put("recordedFires", w.recorded());
    m.put("missingFires", w.missing());
    m.put("duplicateFires", w.duplicates());
    m.put("offGridFires", w.offGrid());
    m.put("statuses", w.statuses());
    Map<String, Object> lateness = new LinkedHashMap<>();
    lateness.put("record", w.recordLate().toMap());
    lateness.put("dispatch", w.dispatchLate().toMap());
    lateness.put("start", w.startLate().toMap());
    lateness.put("finish", w.finishLate().toMap());
    lateness.put("workerStart", w.workerStartLate().toMap());
    m.put("latenessMs", lateness);
    List<Map<String, Object>> slices = new ArrayList<>();
    for (WindowFigures.Slice s : w.slices()) {
      Map<String, Object> sm = new LinkedHashMap<>();
      sm.put("fromMs", s.from() - w.start());
      sm.put("toMs", s.to() - w.start());
      sm.put("fires", s.fires());
      sm.put("workerStartLateness", s.start().toMap());
      slices.add(sm);
    }
    m.put("workerStartLatenessBySlice", slices);
    List<Map<String, Object>> seconds = new ArrayList<>();
    for (WindowFigures.Second s : w.timeline()) {
      Map<String, Object> sm = new LinkedHashMap<>();
      sm.put("second", s.second());
      sm.put("fires", s.fires());
      sm.put("recordP50", s.record().p50());
      sm.put("recordMax", s.record().max());
      sm.put("workerStartP50", s.start().p50());
      sm.put("workerStartP99", s.start().p99());
      sm.put("workerStartMax", s.start().max());
      sm.put("notStarted", s.start().missing());
      seconds.add(sm);
    }
    m.put("timelineBySecond", seconds);
    m.put("storedLagMsEvery5s", storedLagMs);
    m.put("settled", settled);
    m.put("settleMs", settleMs);
    Map<String, Object> creationMap = new LinkedHashMap<>();
    creationMap.put("jobs", creation.jobs().size());
    creationMap.put("elapsedMs", creation.elapsedMs());
    creationMap.put("perSecond", round(creation.perSecond()));
    creationMap.put("threads", creation.threads());
    creationMap.put("requestMs", creation.requestMs().toMap());
    m.put("jobCreation", creationMap);
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("cpus", usage.cpus());
    resources.put("wallSeconds", round(usage.wallSeconds()));
    resources.put("jvmCpuSeconds", round(usage.jvmCpuSeconds()));
    resources.put("jvmPercentOfMachine", round(usage.jvmPercentOfMachine()));
    resources.put("mariadbCpuSeconds", round(usage.mariadbCpuSeconds()));
    resources.put("mariadbPercentOfMachine", round(usage.mariadbPercentOfMachine()));
    resources.put("machinePercentBusy", round(usage.machinePercentBusy()));
    resources.put("othersPercentOfMachine", round(usage.othersPercentOfMachine()));
    resources.put("gcCount", usage.gcCount());
    resources.put("gcMs", usage.gcMs());
    Map<String, Object> threads = new LinkedHashMap<>();
    usage.topThreadGroups().forEach(e -> threads.put(e.getKey(), round(e.getValue())));
    resources.put("threadCpuSeconds", threads);
    Map<String, Object> others = new LinkedHashMap<>();
    usage.topOtherProcesses().forEach(e -> others.put(e.getKey(), round(e.getValue())));
    resources.put("otherProcessesCpuSeconds", others);
    resources.put("heap", heap);
    resources.put("databaseCountersPerSecond", dbRates);
    m.put("resources", resources);
    m.put("database", database);
    m.put("serverSettings", serverSettings);
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return m;
  }

  /**
   * The headline figures as a suite scenario (bench/run.sh): achieved against offered, missing and duplicate
   * fires, and start lateness (started_at − fire_at) against the goal of p99 ≤ 20 ms. The whole JSON of
   * {@link #toJson()} goes in its details.
   */
  ScenarioResult toScenario() {
    WindowFigures w = window;
    String at = String.format(Locale.ROOT, "%,d fires/s", options.offeredPerSecond());
    ScenarioResult r = ScenarioResult.of(options.scenario(), String.format(Locale.ROOT,
        "%,d FIXED_RATE jobs every %d ms, 1 server, %d workers × %d slots, %d s window", options.jobs(),
        options.periodMs(), options.workers(), options.capacity(), options.seconds()));
    r.add(Figure.of(at + ": offered", options.offeredPerSecond(), "/s"));
    r.add(Figure.atLeast(at + ": achieved", round(w.achievedPerSecond()), "/s", options.offeredPerSecond()));
    r.add(Figure.of(at + ": completed and stored", round(w.completedPerSecond()), "/s"));
    r.add(Figure.atMost(at + ": missing fires", w.missing(), "count", 0));
    r.add(Figure.atMost(at + ": duplicate fires", w.duplicates(), "count", 0));
    r.add(Figure.of(at + ": start lateness p50", w.startLate().p50(), "ms"));
    r.add(Figure.atMost(at + ": start lateness p99", w.startLate().p99(), "ms", 20));
    r.add(Figure.of(at + ": start lateness max", w.startLate().max(), "ms"));
    toJson().forEach(r::detail);
    return r;
  }

  /** Writes {@code schedule-load[-smoke]-<timestamp>.json} into the results directory and returns its path. */
  Path writeJson() throws IOException {
    Files.createDirectories(options.resultsDir());
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file = options.resultsDir().resolve("schedule-load-" + (options.smoke() ? "smoke-" : "") + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    return file;
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static void late(StringBuilder b, String name, Lateness l) {
    b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d |%n", name, l.n(), l.p50(), l.p90(),
        l.p99(), l.p999(), l.max(), l.missing()));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
