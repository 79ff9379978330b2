package io.drover.bench.procs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few calls of the HTTP API the process benches make, against one server's HTTP port (the cluster runs with
 * {@code drover.api.auth.enabled=false}, so no token is sent).
 */
final class DroverHttp {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  /** An app as {@code GET /api/v1/apps} shows it; {@code leader} is null while none leads. */
  record AppLeader(String name, String leader, long epoch) {}

  /** A created job and its first fire time as the API returned it (fires follow at first + k × period). */
  record CreatedJob(long id, String app, long firstFireAt, long periodMs) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(PROBE_TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();

  void createApp(int port, String name, String secret) throws IOException, InterruptedException {
    expect(201, post(port, "/api/v1/apps", Map.of("name", name, "secret", secret)), "POST /api/v1/apps " + name);
  }

  CreatedJob createFixedRateJob(int port, String app, String name, long periodMs, String processor)
      throws IOException, InterruptedException {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("app", app);
    job.put("name", name);
    job.put("scheduleType", "FIXED_RATE");
    job.put("scheduleExpr", String.valueOf(periodMs));
    job.put("processor", processor);
    job.put("misfirePolicy", "FIRE_ONCE");
    HttpResponse<String> r = post(port, "/api/v1/jobs", job);
    expect(201, r, "POST /api/v1/jobs " + app + "/" + name);
    JsonNode body = json.readTree(r.body());
    return new CreatedJob(body.get("id").asLong(), app, body.get("nextFireAt").asLong(), periodMs);
  }

  void disableJob(int port, long jobId) throws IOException, InterruptedException {
    HttpResponse<String> r = post(port, "/api/v1/jobs/" + jobId + "/disable", Map.of());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("POST /api/v1/jobs/" + jobId + "/disable on port " + port + " answered "
          + r.statusCode() + ": " + r.body());
    }
  }

  List<AppLeader> apps(int port) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(get(port, "/api/v1/apps", REQUEST_TIMEOUT),
        HttpResponse.BodyHandlers.ofString());
    expect(200, r, "GET /api/v1/apps");
    List<AppLeader> out = new ArrayList<>();
    for (JsonNode a : json.readTree(r.body())) {
      JsonNode leader = a.get("leader");
      out.add(new AppLeader(a.get("name").asText(), leader == null || leader.isNull() ? null : leader.asText(),
          a.get("epoch").asLong()));
    }
    return out;
  }

  /** The apps the server leads, when it answers {@code GET /health} with 200; empty when it does not. */
  Optional<List<String>> health(int port) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(get(port, "/health", PROBE_TIMEOUT), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      List<String> led = new ArrayList<>();
      json.readTree(r.body()).path("ledApps").forEach(a -> led.add(a.asText()));
      return Optional.of(led);
    } catch (IOException e) {
      // not listening (yet, or any more), too busy to answer, or the connection broke while it starts or stops
      return Optional.empty();
    }
  }

  private HttpRequest get(int port, String path, Duration timeout) {
    return HttpRequest.newBuilder(uri(port, path)).timeout(timeout).GET().build();
  }

  private HttpResponse<String> post(int port, String path, Object body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(uri(port, path))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static void expect(int status, HttpResponse<String> r, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + " on " + r.uri().getAuthority() + " answered " + r.statusCode()
          + ": " + r.body());
    }
  }
}
