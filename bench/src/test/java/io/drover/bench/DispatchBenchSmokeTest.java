package io.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dispatch bench at a tiny size, so it cannot rot. Checks the figures are sane, never their values. */
class DispatchBenchSmokeTest {

  @Test
  @Timeout(60)
  void smokeRunRoundTripsOverRealWorkers() throws Exception {
    DispatchBench.Figures f = DispatchBench.run(1, 16, 200, System.out);
    assertThat(f.workers()).isEqualTo(2);
    assertThat(f.sequentialN()).isEqualTo(200);
    assertThat(f.seqP50Us()).isPositive().isLessThanOrEqualTo(f.seqP99Us());
    assertThat(f.loadedAcks()).isPositive();
    assertThat(f.dispatchesPerSecond()).isPositive();
    assertThat(f.reports()).as("every acked attempt also reported its end").isGreaterThanOrEqualTo(200);
  }
}
