package io.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the schedule load bench in its smoke mode (50 jobs, 5 s) on the real path, so the bench cannot rot. Checks
 * that the figures are sane, never their values: benchmarks do not gate CI on timing.
 */
class ScheduleLoadSmokeTest {

  @Test
  @Timeout(120)
  void smokeRunMeasuresFiresAndLeavesNothingRunning(@TempDir Path results) throws Exception {
    ScheduleLoadBench.Outcome outcome =
        ScheduleLoadBench.run(LoadOptions.smoke(results, BenchTestEnv.env()), System.out);

    WindowFigures w = outcome.report().window();
    assertThat(w.expected()).isPositive();
    assertThat(w.achievedPerSecond()).isPositive();
    assertThat(w.recorded()).isLessThanOrEqualTo(w.expected());
    assertThat(w.duplicates()).isZero();
    assertThat(w.offGrid()).isZero();
    assertThat(w.startLate().n()).isPositive();
    assertThat(w.workerStartLate().n()).isPositive();
    assertThat(w.startLate().p50()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(w.startLate().max());

    assertThat(outcome.json()).exists().hasParent(results);
    assertThat(outcome.json().getFileName().toString()).startsWith("schedule-load-smoke-").endsWith(".json");
    JsonNode json = new ObjectMapper().readTree(Files.readString(outcome.json()));
    assertThat(json.get("achievedFiresPerSecond").asDouble()).isEqualTo(Math.round(w.achievedPerSecond() * 100) / 100.0);
    assertThat(json.get("duplicateFires").asLong()).isZero();
    assertThat(json.at("/latenessMs/start/p99").isNumber()).isTrue();

    BenchTestEnv.assertNoRunThreadLeft(); // every component of the run was closed
  }
}
