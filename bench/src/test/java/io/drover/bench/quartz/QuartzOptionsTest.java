package io.drover.bench.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.bench.ExternalDb;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuartzOptionsTest {

  @Test
  void defaultsAreTenThousandJobsEverySecondOnOneNodeWithSixteenThreads() {
    QuartzOptions o = QuartzOptions.parse(new String[0], Map.of());
    assertThat(o.jobs()).isEqualTo(10_000);
    assertThat(o.periodMs()).isEqualTo(1000);
    assertThat(o.seconds()).isEqualTo(60);
    assertThat(o.warmupSeconds()).isEqualTo(10);
    assertThat(o.threads()).isEqualTo(16);
    assertThat(o.nodes()).isEqualTo(1);
    assertThat(o.poolSize()).isEqualTo(19);
    assertThat(o.fireAheadMs()).isZero();
    assertThat(o.offeredPerSecond()).isEqualTo(10_000);
    assertThat(o.externalDb()).isNull();
    assertThat(o.resultFile().getFileName().toString()).startsWith("quartz-").endsWith(".json");
  }

  @Test
  void smokeIsTwentyJobsThreeSecondsWarmUpFiveSecondsWindow() {
    QuartzOptions o = QuartzOptions.smoke(Path.of("r.json"), Map.of());
    assertThat(o.smoke()).isTrue();
    assertThat(o.jobs()).isEqualTo(20);
    assertThat(o.warmupSeconds()).isEqualTo(3);
    assertThat(o.seconds()).isEqualTo(5);
    assertThat(o.resultFile()).isEqualTo(Path.of("r.json"));
  }

  @Test
  void positionalJobsAndSecondsAndFlagsAreRead() {
    QuartzOptions o = QuartzOptions.parse(new String[] {"1000", "30", "--nodes", "2", "--threads", "8",
        "--period-ms", "500", "--result", "/tmp/x.json"}, Map.of());
    assertThat(o.jobs()).isEqualTo(1000);
    assertThat(o.seconds()).isEqualTo(30);
    assertThat(o.nodes()).isEqualTo(2);
    assertThat(o.threads()).isEqualTo(8);
    assertThat(o.poolSize()).isEqualTo(11);
    assertThat(o.offeredPerSecond()).isEqualTo(2000);
    assertThat(o.resultFile()).isEqualTo(Path.of("/tmp/x.json"));
  }

  @Test
  void badArgumentsAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> QuartzOptions.parse(new String[] {"--bogus"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage:");
    assertThatThrownBy(() -> QuartzOptions.parse(new String[] {"--jobs", "many"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jobs");
    assertThatThrownBy(() -> QuartzOptions.parse(new String[] {"--nodes", "0"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuartzOptions.parse(new String[] {"--result"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
  }

  @Test
  void anExternalDatabaseComesFromTheEnvironment() {
    QuartzOptions o = QuartzOptions.parse(new String[0], Map.of("DROVER_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/",
        "DROVER_BENCH_DB_USER", "u", "DROVER_BENCH_DB_PASSWORD", "secret", "DROVER_BENCH_KEEP_DB", "true"));
    assertThat(o.externalDb()).isEqualTo(new ExternalDb("jdbc:mysql://127.0.0.1:3306/", "u",
        "secret", true));
    assertThat(o.externalDb().toString()).doesNotContain("secret");
  }
}
