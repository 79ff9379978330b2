package io.drover.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The API authentication switch and the log retention: defaults, overrides, bad values. */
class ApiAndLogConfigTest {

  private static ServerConfig read(Map<String, String> file, Map<String, String> env) {
    Properties p = new Properties();
    p.setProperty("drover.db.url", "jdbc:mysql://db/drover");
    file.forEach(p::setProperty);
    return new ConfigLoader(p, env, new Properties()).read();
  }

  @Test
  void authIsOnAndLogsAreKeptSevenDaysByDefault() {
    ServerConfig c = read(Map.of(), Map.of());
    assertThat(c.apiAuthEnabled()).isTrue();
    assertThat(c.logRetentionDays()).isEqualTo(7);
  }

  @Test
  void theEnvironmentTurnsAuthOffAndSetsRetention() {
    ServerConfig c = read(Map.of("drover.api.auth.enabled", "true"),
        Map.of("DROVER_API_AUTH_ENABLED", "FALSE", "DROVER_LOG_RETENTION_DAYS", "30"));
    assertThat(c.apiAuthEnabled()).isFalse();
    assertThat(c.logRetentionDays()).isEqualTo(30);
    assertThat(c.toString()).contains("apiAuthEnabled=false", "logRetentionDays=30");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> read(Map.of("drover.api.auth.enabled", "yes"), Map.of()))
        .hasMessageContaining("drover.api.auth.enabled").hasMessageContaining("true or false");
    assertThatThrownBy(() -> read(Map.of("drover.log.retention-days", "0"), Map.of()))
        .hasMessageContaining("drover.log.retention-days");
  }
}
