package io.drover.bench.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two HTTP calls the scale bench makes: create the app, and create the one reference job through the API. */
final class ScaleApi {
  private final String base;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  ScaleApi(String base) {
    this.base = base;
  }

  void createApp(String name, String secret) throws IOException, InterruptedException {
    post("/api/v1/apps", Map.of("name", name, "secret", secret));
  }

  /** {@code POST /api/v1/jobs} of a CRON job with every optional field left to the API's defaults; its id. */
  long createCronJob(String app, String name, String cron, String timeZone, String processor)
      throws IOException, InterruptedException {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("app", app);
    job.put("name", name);
    job.put("scheduleType", "CRON");
    job.put("scheduleExpr", cron);
    job.put("timeZone", timeZone);
    job.put("processor", processor);
    return json.readTree(post("/api/v1/jobs", job)).get("id").asLong();
  }

  private String post(String path, Map<String, ?> body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
