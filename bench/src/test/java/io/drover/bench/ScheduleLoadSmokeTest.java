package io.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
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
    ScheduleLoadBench.Outcome outcome = ScheduleLoadBench.run(LoadOptions.smoke(results, env()), System.out);

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

    // every component of the run was closed: none of its threads is left
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
            .extracting(Thread::getName)
            .noneMatch(n -> n.startsWith("drover-") || n.startsWith("bench-")));
  }

  /** The bench's database settings; an external test database (DROVER_TEST_DB_URL) serves as well. */
  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (!env.containsKey("DROVER_BENCH_DB_URL") && env.containsKey("DROVER_TEST_DB_URL")) {
      env.put("DROVER_BENCH_DB_URL", env.get("DROVER_TEST_DB_URL"));
      env.put("DROVER_BENCH_DB_USER", env.getOrDefault("DROVER_TEST_DB_USER", "root"));
      env.put("DROVER_BENCH_DB_PASSWORD", env.getOrDefault("DROVER_TEST_DB_PASSWORD", ""));
    }
    return env;
  }
}
