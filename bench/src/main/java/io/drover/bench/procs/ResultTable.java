package io.drover.bench.procs;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a scenario's figures as a short markdown table. */
final class ResultTable {
  private ResultTable() {}

  static void print(ScenarioResult r, PrintStream out) {
    out.println();
    out.println("### " + r.getScenario() + ": " + r.getTitle());
    out.println();
    if (!r.isCompleted()) {
      out.println("FAILED: " + r.getError().lines().findFirst().orElse(""));
      out.println();
    }
    out.println("| figure | value | goal | met |");
    out.println("| --- | ---: | --- | --- |");
    for (Figure f : r.getFigures()) {
      String met = f.met() == null ? "" : f.met() ? "yes" : "**no**";
      out.printf("| %s | %s %s | %s | %s |%n", f.name(), number(f.value()), f.unit(), f.goal(), met);
    }
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%,.1f", v);
  }
}
