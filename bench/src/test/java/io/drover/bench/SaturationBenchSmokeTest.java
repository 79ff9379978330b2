package io.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The saturation scenario at its smoke size: two short steps on the real path, figures sane, not fast. */
class SaturationBenchSmokeTest {

  @Test
  @Timeout(150)
  void smokeRunMeasuresEachStep() throws Exception {
    ScenarioResult r = SaturationBench.run(SaturationBench.Options.parse(new String[] {"--smoke"}), System.out);

    assertThat(r.isCompleted()).as(r.getError()).isTrue();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) r.getDetails().get("steps");
    assertThat(steps).isNotEmpty();
    assertThat(steps.get(0)).containsEntry("offered", 100L).containsEntry("jobs", 10);
    assertThat(((Number) steps.get(0).get("achieved")).longValue()).isPositive();
    assertThat(r.getFigures()).extracting(Figure::name).contains(
        "sustained instances/s completed and stored (best step)", "duplicate fires (all steps)");
    assertThat(r.getFigures().stream().filter(f -> f.name().startsWith("duplicate")).findFirst().orElseThrow()
        .value()).isZero();
    assertThat(r.getFigures().get(0).value()).isPositive();
  }
}
