package io.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API run latency bench at a tiny size, so it cannot rot. Checks the figures are sane, never their values. */
class ApiRunBenchSmokeTest {

  @Test
  @Timeout(120)
  void smokeRunMeasuresRunToStart() throws Exception {
    List<ApiRunBench.Figures> figures = ApiRunBench.run(1, List.of(20), System.out);
    assertThat(figures).hasSize(1);
    ApiRunBench.Figures f = figures.get(0);
    assertThat(f.sent()).isEqualTo(20);
    assertThat(f.failed()).isZero();
    assertThat(f.started()).isEqualTo(20);
    assertThat(f.p50Us()).isPositive().isLessThanOrEqualTo(f.p99Us());
    assertThat(f.p99Us()).isLessThanOrEqualTo(f.maxUs());
  }
}
