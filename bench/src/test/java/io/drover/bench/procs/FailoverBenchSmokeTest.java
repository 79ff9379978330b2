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
 * Runs the failover scenario in its smoke mode (2 servers, 2 kills) with real processes, so that it cannot rot.
 * Checks that the figures are sane, never how fast: benchmarks do not gate CI on timing.
 */
class FailoverBenchSmokeTest {

  @Test
  @Timeout(600)
  void smokeRunKillsTheLeaderMeasuresTheSuccessorAndLeavesNoProcess(@TempDir Path dir) throws Exception {
    SmokeChecks.assertClassPathIsUsableByChildren();
    Path file = dir.resolve("failover.json");

    int code = FailoverBench.run(new String[] {"--smoke", "--result", file.toString()}, BenchTestEnv.env(),
        System.out);

    ScenarioResult r = ScenarioResult.read(file);
    assertThat(r.getError()).isNull();
    assertThat(code).isZero();
    assertThat(r.isCompleted()).isTrue();
    assertThat(r.getScenario()).isEqualTo("failover");
    assertThat(r.getDetails().get("roundsCompleted")).isEqualTo(FailoverBench.SMOKE.rounds());
    Map<String, Figure> f = SmokeChecks.figures(r);
    assertThat(f).containsOnlyKeys("failover first fire after kill, median", "failover first fire after kill, max",
        "failover duplicates", "failover misses");
    // the successor cannot fire before the session of the killed leader expired; a minute is generous
    assertThat(f.get("failover first fire after kill, median").value()).isPositive().isLessThan(60_000);
    assertThat(f.get("failover first fire after kill, max").value()).isPositive().isLessThan(60_000);
    assertThat(f.get("failover first fire after kill, max").goal()).isNotEmpty();
    assertThat(f.get("failover duplicates").value()).isZero();
    assertThat(f.get("failover misses").value()).isZero();
    SmokeChecks.assertNoChildProcessLeft();
  }
}
