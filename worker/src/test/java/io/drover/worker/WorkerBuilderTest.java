package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are checked when given, with a message that says what is wrong; required ones when starting. */
class WorkerBuilderTest {

  private static final Processor NOOP = ctx -> Result.ok("");

  @Test
  void blankAppIsRefused() {
    assertThatThrownBy(() -> Worker.builder().app("  ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("app must not be blank");
    assertThatThrownBy(() -> Worker.builder().servers("127.0.0.1:7701").start())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("app is required");
  }

  @Test
  void serversAreRequiredAndMustBeHostColonPort() {
    assertThatThrownBy(() -> Worker.builder().app("a").start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("servers are required");
    assertThatThrownBy(() -> Worker.builder().servers(" , ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one host:port");
    for (String bad : List.of("localhost", "host:", ":7701", "host:port", "host:0", "host:70000", "::1:7701")) {
      assertThatThrownBy(() -> Worker.builder().servers("127.0.0.1:7701," + bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed server address");
    }
  }

  @Test
  void serverListsParseInOrder() {
    assertThat(ServerAddress.parseList(" h1:7701, 10.0.0.2:7702 ,[::1]:7703,"))
        .containsExactly(new ServerAddress("h1", 7701), new ServerAddress("10.0.0.2", 7702),
            new ServerAddress("::1", 7703));
    assertThat(new ServerAddress("::1", 7703)).hasToString("[::1]:7703");
  }

  @Test
  void duplicateProcessorNamesAreRefused() {
    Worker.Builder b = Worker.builder().processor("settle", NOOP);
    assertThatThrownBy(() -> b.processor("settle", NOOP)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("processor 'settle' is registered twice");
    assertThatThrownBy(() -> b.processor(" ", NOOP)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.processor("x", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> Worker.builder().capacity(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1, got 0");
  }

  @Test
  void labelsParseFromTextOrMap() {
    assertThatThrownBy(() -> Worker.builder().labels("zone=a,gpu")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed label 'gpu'");
    assertThatThrownBy(() -> Worker.builder().labels("=a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label key must not be blank");
    assertThatThrownBy(() -> Worker.builder().labels("zone=a,zone=b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 'zone' is given twice");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("zone", null);
    assertThatThrownBy(() -> Worker.builder().labels(nullValue)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 'zone' has no value");
  }

  @Test
  void blankWorkerIdIsRefused() {
    assertThatThrownBy(() -> Worker.builder().workerId(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Worker.builder().workerId("a b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configSummaryMasksTheSecret() {
    WorkerConfig c = new WorkerConfig("orders", "s3cret", List.of(new ServerAddress("h", 1)), "w1", "host",
        Map.of(), 4, Map.of("echo", NOOP), List.of("shell"), Duration.ofSeconds(30), Tuning.DEFAULTS);
    assertThat(c.toString()).doesNotContain("s3cret").contains("secret ****").contains("processors [echo]")
        .contains("builtins [shell]");
  }
}
