package io.drover.scheduler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The meters' names, labels and values as Prometheus reads them, without a server. */
class DroverMetricsTest {

  private static Double sample(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : null;
  }

  @Test
  void callSitesMoveTheirMetersPerAppAndStatus() {
    try (DroverMetrics m = new DroverMetrics()) {
      m.fired("a", 7);
      m.fired("a", -3); // a fire recorded a little before its time counts as on time
      m.fired("b", 30_000);
      m.dispatched("a", 3_000_000);
      m.instanceFinished("a", "SUCCEEDED");
      m.instanceFinished("a", "SUCCEEDED");
      m.instanceFinished("a", "FAILED");
      String t = m.scrape();
      assertThat(sample(t, "drover_fires_total{app=\"a\"}")).isEqualTo(2.0);
      assertThat(sample(t, "drover_fires_total{app=\"b\"}")).isEqualTo(1.0);
      assertThat(sample(t, "drover_fire_lateness_seconds_bucket{app=\"a\",le=\"0.001\"}")).isEqualTo(1.0);
      assertThat(sample(t, "drover_fire_lateness_seconds_bucket{app=\"a\",le=\"0.01\"}")).isEqualTo(2.0);
      assertThat(sample(t, "drover_fire_lateness_seconds_bucket{app=\"b\",le=\"10.0\"}")).isEqualTo(0.0);
      assertThat(sample(t, "drover_fire_lateness_seconds_bucket{app=\"b\",le=\"30.0\"}")).isEqualTo(1.0);
      assertThat(sample(t, "drover_fire_lateness_seconds_sum{app=\"a\"}")).isEqualTo(0.007);
      assertThat(sample(t, "drover_dispatches_total{app=\"a\"}")).isEqualTo(1.0);
      assertThat(sample(t, "drover_dispatch_latency_seconds_bucket{app=\"a\",le=\"0.002\"}")).isEqualTo(0.0);
      assertThat(sample(t, "drover_dispatch_latency_seconds_bucket{app=\"a\",le=\"0.005\"}")).isEqualTo(1.0);
      assertThat(sample(t, "drover_instances_finished_total{app=\"a\",status=\"SUCCEEDED\"}")).isEqualTo(2.0);
      assertThat(sample(t, "drover_instances_finished_total{app=\"a\",status=\"FAILED\"}")).isEqualTo(1.0);
      assertThat(t).doesNotContain("warm");
    }
  }

  @Test
  void gaugesReadTheServerWhenScraped() {
    try (DroverMetrics m = new DroverMetrics()) {
      assertThat(sample(m.scrape(), "drover_zookeeper_connected")).isEqualTo(0.0);
      Set<String> led = ConcurrentHashMap.newKeySet();
      Map<String, Integer> workers = new ConcurrentHashMap<>();
      AtomicBoolean connected = new AtomicBoolean(true);
      m.bindServer(() -> Set.copyOf(led), app -> workers.getOrDefault(app, 0), connected::get);
      led.addAll(Set.of("a", "b"));
      workers.put("a", 3);
      String t = m.scrape();
      assertThat(sample(t, "drover_led_apps")).isEqualTo(2.0);
      assertThat(sample(t, "drover_zookeeper_connected")).isEqualTo(1.0);
      assertThat(sample(t, "drover_workers{app=\"a\"}")).isEqualTo(3.0);
      assertThat(sample(t, "drover_workers{app=\"b\"}")).isEqualTo(0.0);

      led.remove("a"); // leadership moved away: its row goes
      workers.put("b", 1);
      connected.set(false);
      t = m.scrape();
      assertThat(sample(t, "drover_workers{app=\"a\"}")).isNull();
      assertThat(sample(t, "drover_workers{app=\"b\"}")).isEqualTo(1.0);
      assertThat(sample(t, "drover_led_apps")).isEqualTo(1.0);
      assertThat(sample(t, "drover_zookeeper_connected")).isEqualTo(0.0);
      assertThat(t).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
    }
  }
}
