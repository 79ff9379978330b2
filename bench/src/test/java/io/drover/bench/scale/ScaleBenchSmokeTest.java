package io.drover.bench.scale;

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
 * Runs the scale bench in its smoke mode (2,000 cron jobs, 10 s window) on the same path as the full run, so the
 * scenario cannot rot. Checks that the figures are sane, never their values: benchmarks do not gate CI on timing.
 */
class ScaleBenchSmokeTest {

  @Test
  @Timeout(180)
  void smokeRunLoadsTheJobsMeasuresFiresAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("scale.json");
    ScenarioResult returned = ScaleBench.run(ScaleOptions.smoke(file, BenchTestEnv.env()), System.out);

    ScenarioResult r = ScenarioResult.read(file);
    assertThat(r.isCompleted()).as("completed; error: %s", r.getError()).isTrue();
    assertThat(r.getScenario()).isEqualTo("scale");
    assertThat(r.getFigures()).extracting(Figure::name).containsExactly(ScaleReport.JOBS_LOADED,
        ScaleReport.LOAD_TIME, ScaleReport.HEAP_IDLE, ScaleReport.HEAP_LOADED, ScaleReport.OFFERED,
        ScaleReport.ACHIEVED, ScaleReport.START_P50, ScaleReport.START_P99, ScaleReport.START_MAX,
        ScaleReport.MISSING);
    Map<String, Figure> f = r.getFigures().stream().collect(Collectors.toMap(Figure::name, Function.identity()));
    assertThat(f.get(ScaleReport.JOBS_LOADED).value()).isEqualTo(2000);
    assertThat(f.get(ScaleReport.LOAD_TIME).value()).isPositive();
    assertThat(f.get(ScaleReport.HEAP_IDLE).value()).isPositive();
    assertThat(f.get(ScaleReport.HEAP_LOADED).value()).isPositive();
    assertThat(f.get(ScaleReport.HEAP_LOADED).goal()).isEqualTo("≤ 1,024 MiB");
    assertThat(f.get(ScaleReport.OFFERED).value()).isPositive();
    assertThat(f.get(ScaleReport.ACHIEVED).value()).isPositive();
    assertThat(f.get(ScaleReport.START_P50).value()).isGreaterThanOrEqualTo(0)
        .isLessThanOrEqualTo(f.get(ScaleReport.START_MAX).value());
    assertThat(f.get(ScaleReport.MISSING).value()).isGreaterThanOrEqualTo(0);

    @SuppressWarnings("unchecked")
    Map<String, Object> window = (Map<String, Object>) r.getDetails().get("window");
    assertThat(((Number) window.get("recorded")).longValue()).isPositive();
    assertThat(((Number) window.get("duplicates")).longValue()).isZero();
    assertThat(((Number) window.get("offGrid")).longValue()).isZero();
    assertThat((String) r.getDetails().get("referenceJob")).contains("equals the one the loader builds");
    assertThat(returned.getFigures()).hasSameSizeAs(r.getFigures());

    BenchTestEnv.assertNoRunThreadLeft(); // every component of the run was closed
  }
}
