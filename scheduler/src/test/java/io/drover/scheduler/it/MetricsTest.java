package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /metrics} and {@code /health} after a job has run: the named meters exist and their values moved. */
class MetricsTest {

  /** The value of the first sample whose name and labels start with {@code prefix}, or null. */
  private static Double sample(String metrics, String prefix) {
    Matcher m = Pattern.compile("^" + Pattern.quote(prefix) + "[^ ]* ([0-9.eE+-]+)$", Pattern.MULTILINE)
        .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : null;
  }

  @Test
  void metricsAndHealthShowARunningJob() throws Exception {
    try (TestCluster cluster = new TestCluster("metrics")) {
      DroverServer server = cluster.startServer("m1");
      Api api = cluster.api(server);
      assertThat(api.post("/api/v1/apps", Map.of("name", "met", "secret", "met-secret")).status()).isEqualTo(201);
      String before = api.withToken(null).getText("/metrics").body();
      assertThat(sample(before, "drover_fires_total{app=\"met\"")).isNull();

      Worker w = cluster.startWorker(Worker.builder().app("met").secret("met-secret").workerId("w1")
          .servers(cluster.transportAddress(server)).processor("echo", ctx -> Result.ok(ctx.params())));
      assertThat(w.awaitConnected(Duration.ofSeconds(15))).isTrue();
      long jobId = api.post("/api/v1/jobs", Map.of("app", "met", "name", "tick", "scheduleType", "FIXED_RATE",
          "scheduleExpr", "300", "processor", "echo")).body().get("id").asLong();
      await().atMost(Duration.ofSeconds(15)).until(() -> api.instances(jobId).stream()
          .filter(i -> i.get("status").asText().equals("SUCCEEDED")).count() >= 2);

      Api.Text text = api.withToken(null).getText("/metrics");
      assertThat(text.status()).isEqualTo(200);
      assertThat(text.contentType()).startsWith("text/plain");
      String m = text.body();
      assertThat(sample(m, "drover_fires_total{app=\"met\"")).isGreaterThanOrEqualTo(2.0);
      assertThat(sample(m, "drover_fire_lateness_seconds_count{app=\"met\"")).isGreaterThanOrEqualTo(2.0);
      // buckets for histogram_quantile(): every fire is within the last bucket
      assertThat(sample(m, "drover_fire_lateness_seconds_bucket{app=\"met\",le=\"0.05\"}")).isNotNull();
      assertThat(sample(m, "drover_fire_lateness_seconds_bucket{app=\"met\",le=\"60.0\"}"))
          .isEqualTo(sample(m, "drover_fire_lateness_seconds_count{app=\"met\""));
      assertThat(sample(m, "drover_dispatches_total{app=\"met\"")).isGreaterThanOrEqualTo(2.0);
      assertThat(sample(m, "drover_dispatch_latency_seconds_count{app=\"met\"")).isGreaterThanOrEqualTo(2.0);
      assertThat(sample(m, "drover_instances_finished_total{app=\"met\",status=\"SUCCEEDED\""))
          .isGreaterThanOrEqualTo(2.0);
      assertThat(sample(m, "drover_workers{app=\"met\"")).isEqualTo(1.0);
      assertThat(sample(m, "drover_led_apps")).isGreaterThanOrEqualTo(1.0);
      assertThat(sample(m, "drover_zookeeper_connected")).isEqualTo(1.0);
      assertThat(sample(m, "drover_instance_writes_pending")).isNotNull().isGreaterThanOrEqualTo(0.0);
      assertThat(sample(m, "hikaricp_connections{pool=\"drover-db\"")).isPositive();
      assertThat(sample(m, "jvm_memory_used_bytes")).isPositive();
      assertThat(sample(m, "jvm_threads_live_threads")).isPositive();
      assertThat(m).contains("jvm_gc_");

      JsonNode health = api.get("/health").body();
      assertThat(health.get("status").asText()).isEqualTo("UP");
      assertThat(health.get("zookeeper").asText()).isEqualTo("CONNECTED");
      assertThat(health.get("database").asText()).isEqualTo("UP");
      assertThat(health.get("ledApps").toString()).contains("met");
      assertThat(health.get("workers").get("met").asInt()).isEqualTo(1);

      // the workers gauge follows the connection
      w.close();
      await().atMost(Duration.ofSeconds(15)).until(() ->
          sample(api.getText("/metrics").body(), "drover_workers{app=\"met\"") == 0.0);
    }
  }
}
