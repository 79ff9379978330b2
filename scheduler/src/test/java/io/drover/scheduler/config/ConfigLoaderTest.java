package io.drover.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsFile() {
    Properties file = props("drover.db.url", "jdbc:mysql://file/db", "drover.zk.connect", "file:2181",
        "drover.http.port", "8000");
    Map<String, String> env = Map.of("DROVER_ZK_CONNECT", "env:2181", "DROVER_HTTP_PORT", "8100");
    Properties sys = props("drover.http.port", "8200");
    ServerConfig c = new ConfigLoader(file, env, sys).read();
    assertThat(c.dbUrl()).isEqualTo("jdbc:mysql://file/db");
    assertThat(c.zkConnect()).isEqualTo("env:2181");
    assertThat(c.httpPort()).isEqualTo(8200);
    assertThat(c.transportPort()).isEqualTo(7701);
    assertThat(c.zkRoot()).isEqualTo("/drover");
    assertThat(c.zkSessionTimeoutMs()).isEqualTo(5000);
  }

  @Test
  void envNamesFollowTheKey() {
    assertThat(ConfigLoader.envName("drover.zk.session-timeout-ms")).isEqualTo("DROVER_ZK_SESSION_TIMEOUT_MS");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> new ConfigLoader(props("drover.db.url", "x", "drover.http.port", "http"), Map.of(),
        new Properties()).read()).hasMessageContaining("drover.http.port must be a number");
    assertThatThrownBy(() -> new ConfigLoader(props("drover.db.url", "x", "drover.transport.port", "70000"),
        Map.of(), new Properties()).read()).hasMessageContaining("drover.transport.port must be a port");
    assertThatThrownBy(() -> new ConfigLoader(new Properties(), Map.of(), new Properties()).read())
        .hasMessageContaining("drover.db.url is required");
    assertThatThrownBy(() -> new ConfigLoader(props("drover.db.url", "x", "drover.zk.root", "drover/"), Map.of(),
        new Properties()).read()).hasMessageContaining("drover.zk.root");
  }

  @Test
  void passwordIsMaskedWhenPrinted() {
    ServerConfig c = new ConfigLoader(props("drover.db.url", "x", "drover.db.password", "hunter2"), Map.of(),
        new Properties()).read();
    assertThat(c.toString()).doesNotContain("hunter2").contains("dbPassword=****");
  }

  @Test
  void dispatchOutcomeKeys() {
    ServerConfig d = new ConfigLoader(props("drover.db.url", "x"), Map.of(), new Properties()).read();
    assertThat(d.noWorkerStatus().name()).isEqualTo("FAILED");
    assertThat(d.workerLossRetries()).isEqualTo(2);
    ServerConfig c = new ConfigLoader(props("drover.db.url", "x", "drover.dispatch.no-worker-status", "skipped",
        "drover.dispatch.worker-loss-retries", "0"), Map.of(), new Properties()).read();
    assertThat(c.noWorkerStatus().name()).isEqualTo("SKIPPED");
    assertThat(c.workerLossRetries()).isZero();
    assertThatThrownBy(() -> new ConfigLoader(props("drover.db.url", "x", "drover.dispatch.no-worker-status",
        "CANCELED"), Map.of(), new Properties()).read()).hasMessageContaining("must be FAILED or SKIPPED");
    assertThatThrownBy(() -> new ConfigLoader(props("drover.db.url", "x", "drover.dispatch.worker-loss-retries",
        "-1"), Map.of(), new Properties()).read()).hasMessageContaining("worker-loss-retries must be 0 or more");
  }
}
