package io.drover.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Puts the scenario results of one {@code bench/run.sh} run into one markdown table and one JSON file, and adds
 * the comparison with Quartz: Drover's achieved fires per second and start lateness p99 against Quartz's, at the
 * same offered load (the Drover scenario whose offered fires/s equals Quartz's).
 *
 * <pre>SuiteReport RESULT_DIR OUTPUT_PREFIX [git revision]</pre> writes {@code OUTPUT_PREFIX.md} and
 * {@code OUTPUT_PREFIX.json} and prints the markdown.
 */
public final class SuiteReport {
  static final String QUARTZ = "quartz";
  static final String QUARTZ_OFFERED = "quartz offered fires/s";
  static final String QUARTZ_ACHIEVED = "quartz achieved fires/s";
  static final String QUARTZ_P99 = "quartz start lateness p99";
  private static final double RATIO_GOAL = 10;

  private final List<ScenarioResult> results;
  private final List<Figure> comparison;

  SuiteReport(List<ScenarioResult> results) {
    this.results = results;
    this.comparison = compareWithQuartz(results);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SuiteReport RESULT_DIR OUTPUT_PREFIX [git revision]");
      System.exit(2);
    }
    SuiteReport report = new SuiteReport(readAll(Path.of(args[0])));
    String markdown = report.markdown();
    Files.writeString(Path.of(args[1] + ".md"), markdown);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(Path.of(args[1] + ".json").toFile(), report.json(args.length > 2 ? args[2] : "unknown"));
    System.out.println(markdown);
  }

  /** Every scenario result ({@code *.json}) in the directory, by file name. */
  static List<ScenarioResult> readAll(Path dir) throws IOException {
    List<ScenarioResult> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(ScenarioResult.read(f));
      }
    }
    return out;
  }

  /**
   * Drover / Quartz at the same offered load: achieved fires per second (higher is better for Drover), and
   * Quartz's start lateness p99 over Drover's (also higher is better for Drover). Empty without a Quartz result or
   * a Drover scenario at Quartz's offered load.
   */
  static List<Figure> compareWithQuartz(List<ScenarioResult> results) {
    Optional<ScenarioResult> quartz = results.stream().filter(r -> r.getScenario().equals(QUARTZ)).findFirst();
    if (quartz.isEmpty()) {
      return List.of();
    }
    double offered = value(quartz.get(), QUARTZ_OFFERED);
    for (ScenarioResult r : results) {
      if (r == quartz.get()) {
        continue;
      }
      for (Figure f : r.getFigures()) {
        if (f.name().endsWith(": offered") && f.value() == offered) {
          String at = f.name().substring(0, f.name().length() - ": offered".length());
          double drover = value(r, at + ": achieved");
          double droverP99 = value(r, at + ": start lateness p99");
          double quartzAchieved = value(quartz.get(), QUARTZ_ACHIEVED);
          double quartzP99 = value(quartz.get(), QUARTZ_P99);
          return List.of(
              Figure.atLeast("achieved fires/s at " + at + ", Drover / Quartz", ratio(drover, quartzAchieved),
                  "×", RATIO_GOAL),
              Figure.atLeast("start lateness p99 at " + at + ", Quartz / Drover", ratio(quartzP99,
                  Math.max(1, droverP99)), "×", RATIO_GOAL));
        }
      }
    }
    return List.of();
  }

  private static double ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return Double.NaN;
    }
    return Math.round(a / b * 100) / 100.0;
  }

  private static double value(ScenarioResult r, String name) {
    return r.getFigures().stream().filter(f -> f.name().equals(name)).mapToDouble(Figure::value).findFirst()
        .orElse(Double.NaN);
  }

  String markdown() {
    StringBuilder b = new StringBuilder("| scenario | figure | value | goal | met |\n|---|---|---:|---|---|\n");
    for (ScenarioResult r : results) {
      for (Figure f : r.getFigures()) {
        row(b, r.getScenario(), f);
      }
      if (!r.isCompleted()) {
        b.append("| ").append(r.getScenario()).append(" | **did not complete**: ")
            .append(r.getError() == null ? "" : r.getError().replace('|', '/').replace('\n', ' '))
            .append(" | | | no |\n");
      }
    }
    for (Figure f : comparison) {
      row(b, "drover vs quartz", f);
    }
    b.append('\n');
    for (ScenarioResult r : results) {
      b.append("- **").append(r.getScenario()).append("**: ").append(r.getTitle()).append('\n');
    }
    long met = Stream.concat(results.stream().flatMap(r -> r.getFigures().stream()), comparison.stream())
        .filter(f -> Boolean.TRUE.equals(f.met())).count();
    long goals = Stream.concat(results.stream().flatMap(r -> r.getFigures().stream()), comparison.stream())
        .filter(f -> f.met() != null).count();
    b.append('\n').append(met).append(" of ").append(goals).append(" goals met; ")
        .append(results.stream().filter(r -> !r.isCompleted()).count()).append(" scenario(s) did not complete.\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String scenario, Figure f) {
    String value = Format.number(f.value()) + ("count".equals(f.unit()) ? "" : " " + f.unit());
    String met = f.met() == null ? "" : f.met() ? "yes" : "**no**";
    b.append("| ").append(scenario).append(" | ").append(f.name()).append(" | ").append(value).append(" | ")
        .append(f.goal()).append(" | ").append(met).append(" |\n");
  }

  Map<String, Object> json(String git) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", Instant.now().toString());
    m.put("git", git);
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("scenarios", results);
    m.put("droverVsQuartz", comparison);
    return m;
  }
}
