package io.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The map-reduce bench at a tiny size (workers in this JVM), so it cannot rot. Checks the figures, not timing. */
class MapReduceBenchSmokeTest {

  @Test
  @Timeout(120)
  void smokeRunReducesEverySubtaskAndLeavesNothingRunning() throws Exception {
    MapReduceBench.Figures f = MapReduceBench.run(2_000, 4, "256m", true, System.out);
    assertThat(f.status()).isEqualTo("SUCCEEDED");
    assertThat(f.result()).as("reduce counted every subtask").isEqualTo("2000");
    assertThat(f.wallMs()).isPositive();
    assertThat(f.peakHeapBytes()).containsOnly(-1L);
    BenchTestEnv.assertNoRunThreadLeft(); // every component of the run was closed
  }
}
