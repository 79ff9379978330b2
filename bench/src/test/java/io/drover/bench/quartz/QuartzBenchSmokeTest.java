package io.drover.bench.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.bench.BenchTestEnv;
import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Quartz scenario in its smoke mode (20 jobs, 5 s window) on the real path, so the bench cannot rot.
 * Checks that the figures are sane, never their values: benchmarks do not gate CI on timing.
 */
class QuartzBenchSmokeTest {

  @Test
  @Timeout(60)
  void smokeRunMeasuresQuartzFiresAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
    Path resultFile = dir.resolve("quartz.json");
    QuartzOptions options = QuartzOptions.smoke(resultFile, BenchTestEnv.env());
    assertThat(options.jobs()).isEqualTo(20);

    QuartzBench.Outcome outcome = QuartzBench.run(options, System.out);

    assertThat(outcome.result().getError()).isNull();
    assertThat(outcome.result().isCompleted()).isTrue();
    WindowFigures w = outcome.window();
    assertThat(w.expected()).isPositive();
    assertThat(w.executed()).isPositive();
    assertThat(w.duplicates()).isZero();
    assertThat(w.missing()).isBetween(0L, w.expected());
    assertThat(w.startLate().p50()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(w.startLate().max());
    assertThat(w.startLate().max()).isLessThan(QuartzSettings.MISFIRE_THRESHOLD_MS);

    ScenarioResult read = ScenarioResult.read(resultFile);
    assertThat(read.getScenario()).isEqualTo("quartz");
    assertThat(read.isCompleted()).isTrue();
    assertThat(read.getTitle()).startsWith("Quartz 2.5.2 clustered JDBC (JobStoreTX), 1 node, 16 threads, 20 jobs");
    Map<String, Figure> figures = read.getFigures().stream()
        .collect(Collectors.toMap(Figure::name, Function.identity()));
    assertThat(figures).containsOnlyKeys("quartz offered fires/s", "quartz achieved fires/s",
        "quartz start lateness p50", "quartz start lateness p99", "quartz start lateness max",
        "quartz missing fires");
    assertThat(figures.get("quartz offered fires/s").value()).isEqualTo(20.0);
    assertThat(figures.get("quartz offered fires/s").unit()).isEqualTo("/s");
    assertThat(figures.get("quartz achieved fires/s").value()).isPositive().isLessThanOrEqualTo(20.0 * 1.5);
    assertThat(figures.get("quartz start lateness p50").value()).isGreaterThanOrEqualTo(0);
    assertThat(figures.get("quartz start lateness p50").unit()).isEqualTo("ms");
    assertThat(figures.get("quartz missing fires").unit()).isEqualTo("count");
    assertThat(figures.values()).allSatisfy(f -> assertThat(f.goal()).isEmpty());
    assertThat(read.getDetails()).containsKeys("quartzProperties", "database", "caveats", "latenessMs");
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) read.getDetails().get("quartzProperties");
    assertThat(props).containsEntry("org.quartz.jobStore.isClustered", "true")
        .containsEntry("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "16")
        .containsEntry("org.quartz.jobStore.acquireTriggersWithinLock", "true")
        .containsEntry("org.quartz.jobStore.misfireThreshold", "60000")
        .containsEntry("org.quartz.dataSource.benchDs1.provider", "hikaricp");
    assertThat(read.getDetails().get("threadsLeftRunning")).asList().isEmpty();
  }
}
