package io.drover.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JMH benchmarks run (briefly, in this JVM) and each yields a throughput: they cannot rot unnoticed. */
class MicroBenchSmokeTest {

  @Test
  @Timeout(120)
  void everyMicroBenchmarkRunsAndReportsAThroughput() throws Exception {
    ScenarioResult r = MicroBench.run(true);

    assertThat(r.getFigures()).extracting(Figure::name).contains("FrameCodecBenchmark.dispatchRoundTrip",
        "NextFireBenchmark.cronNext", "WorkerPickerBenchmark.leastLoaded (8 workers)",
        "WorkerPickerBenchmark.consistentHash (8 workers)");
    assertThat(r.getFigures()).allSatisfy(f -> assertThat(f.value()).isPositive());
  }
}
