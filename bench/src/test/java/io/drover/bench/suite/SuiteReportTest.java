package io.drover.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReportTest {

  private static ScenarioResult drover(double offered, double achieved, double p99) {
    String at = "10,000 fires/s";
    return ScenarioResult.of("lateness-10k", "10,000 jobs")
        .add(Figure.of(at + ": offered", offered, "/s"))
        .add(Figure.atLeast(at + ": achieved", achieved, "/s", offered))
        .add(Figure.atMost(at + ": start lateness p99", p99, "ms", 20));
  }

  private static ScenarioResult quartz(double offered, double achieved, double p99) {
    return ScenarioResult.of("quartz", "Quartz")
        .add(Figure.of(SuiteReport.QUARTZ_OFFERED, offered, "/s"))
        .add(Figure.of(SuiteReport.QUARTZ_ACHIEVED, achieved, "/s"))
        .add(Figure.of(SuiteReport.QUARTZ_P99, p99, "ms"));
  }

  @Test
  void resultsSurviveTheirJsonRoundTrip(@TempDir Path dir) throws Exception {
    ScenarioResult r = drover(10_000, 5_800, 17_000).detail("steps", List.of(1, 2)).failed("ran out of time");
    r.write(dir.resolve("a.json"));

    ScenarioResult back = ScenarioResult.read(dir.resolve("a.json"));

    assertThat(back.getScenario()).isEqualTo("lateness-10k");
    assertThat(back.isCompleted()).isFalse();
    assertThat(back.getError()).isEqualTo("ran out of time");
    assertThat(back.getFigures()).isEqualTo(r.getFigures());
    assertThat(back.getFigures().get(1).met()).isFalse();
    assertThat(back.getDetails()).containsEntry("steps", List.of(1, 2));
  }

  @Test
  void comparesWithQuartzAtTheSameOfferedLoad() {
    List<Figure> ratios = SuiteReport.compareWithQuartz(List.of(drover(10_000, 6_000, 40),
        quartz(10_000, 1_500, 800)));

    assertThat(ratios).extracting(Figure::value).containsExactly(4.0, 20.0);
    assertThat(ratios).extracting(Figure::met).containsExactly(false, true);
    assertThat(ratios.get(0).name()).isEqualTo("achieved fires/s at 10,000 fires/s, Drover / Quartz");
  }

  @Test
  void noComparisonWithoutQuartzOrAtAnotherLoad() {
    assertThat(SuiteReport.compareWithQuartz(List.of(drover(10_000, 6_000, 40)))).isEmpty();
    assertThat(SuiteReport.compareWithQuartz(List.of(drover(10_000, 6_000, 40), quartz(1_000, 1_000, 5))))
        .isEmpty();
  }

  @Test
  void tableHasARowPerFigureAndSaysWhatFailed() {
    SuiteReport report = new SuiteReport(List.of(drover(10_000, 10_000, 12), quartz(10_000, 900, 3_000),
        ScenarioResult.of("failover", "kill -9").failed("exit code 1; see failover.log")));

    String md = report.markdown();

    assertThat(md).contains("| lateness-10k | 10,000 fires/s: achieved | 10,000 /s | ≥ 10,000 /s | yes |");
    assertThat(md).contains("| lateness-10k | 10,000 fires/s: start lateness p99 | 12 ms | ≤ 20 ms | yes |");
    assertThat(md).contains("| failover | **did not complete**: exit code 1; see failover.log | | | no |");
    assertThat(md).contains("| drover vs quartz | achieved fires/s at 10,000 fires/s, Drover / Quartz | 11.11 × |");
    assertThat(md).contains("4 of 4 goals met; 1 scenario(s) did not complete.");
  }

  @Test
  void formatsNumbersForPeople() {
    assertThat(Format.number(12_345)).isEqualTo("12,345");
    assertThat(Format.number(0.5)).isEqualTo("0.5");
    assertThat(Format.number(21.456)).isEqualTo("21.46");
    assertThat(Format.number(1234.5)).isEqualTo("1,235");
    assertThat(Format.number(Double.NaN)).isEqualTo("n/a");
  }
}
