package io.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/** What the benches' smoke tests share: the database settings, and the check that a run left no thread behind. */
public final class BenchTestEnv {
  private BenchTestEnv() {}

  /** The bench's database settings; an external test database (DROVER_TEST_DB_URL) serves as well. */
  public static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (!env.containsKey("DROVER_BENCH_DB_URL") && env.containsKey("DROVER_TEST_DB_URL")) {
      env.put("DROVER_BENCH_DB_URL", env.get("DROVER_TEST_DB_URL"));
      env.put("DROVER_BENCH_DB_USER", env.getOrDefault("DROVER_TEST_DB_USER", "root"));
      env.put("DROVER_BENCH_DB_PASSWORD", env.getOrDefault("DROVER_TEST_DB_PASSWORD", ""));
    }
    return env;
  }

  /** Every component of the run was closed: none of its threads ({@code drover-*}, {@code bench-*}) is left. */
  public static void assertNoRunThreadLeft() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
            .extracting(Thread::getName)
            .noneMatch(n -> n.startsWith("drover-") || n.startsWith("bench-")));
  }
}
