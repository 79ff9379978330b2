package io.drover.bench.procs;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.bench.BenchTestEnv;
import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the rolling restart scenario in its smoke mode (2 servers, 2 apps, each server stopped and restarted once)
 * with real processes, so that it cannot rot. Checks that the figures are sane, never how fast.
 */
class RollingRestartBenchSmokeTest {

  @Test
  @Timeout(600)
  void smokeRunStopsEachServerInTurnMeasuresTheGapAndLeavesNoProcess(@TempDir Path dir) throws Exception {
    SmokeChecks.assertClassPathIsUsableByChildren();
    Path file = dir.resolve("rolling-restart.json");

    int code = RollingRestartBench.run(new String[] {"--smoke", "--result", file.toString()}, BenchTestEnv.env(),
        System.out);

    ScenarioResult r = ScenarioResult.read(file);
    assertThat(r.getError()).isNull();
    assertThat(code).isZero();
    assertThat(r.isCompleted()).isTrue();
    assertThat(r.getScenario()).isEqualTo("rolling-restart");
    assertThat(r.getDetails().get("roundsCompleted")).isEqualTo(RollingRestartBench.SMOKE.rounds());
    Map<String, Figure> f = SmokeChecks.figures(r);
    assertThat(f).containsOnlyKeys("rolling restart handover gap, max", "rolling restart handover gap, median",
        "rolling restart duplicates", "rolling restart misses");
    assertThat(f.get("rolling restart handover gap, max").value()).isNotNaN().isBetween(0.0, 60_000.0);
    assertThat(f.get("rolling restart handover gap, median").value()).isNotNaN()
        .isLessThanOrEqualTo(f.get("rolling restart handover gap, max").value());
    assertThat(f.get("rolling restart duplicates").value()).isZero();
    assertThat(f.get("rolling restart misses").value()).isZero();
    SmokeChecks.assertNoChildProcessLeft();
  }
}
