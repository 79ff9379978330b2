package io.drover.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone launcher end to end: embedded ZooKeeper and MariaDB, a server and the demo worker; the demo job
 * succeeds every 5 seconds; a restart on the same data directory keeps apps, jobs, history and the admin token, and
 * adds nothing.
 */
class StandaloneTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private Set<Long> succeededDemoInstances(int port) throws Exception {
    Set<Long> ids = new HashSet<>();
    for (JsonNode i : get(port, "/api/v1/instances?app=demo&status=SUCCEEDED&limit=1000")) {
      assertThat(i.get("result").asText()).isEqualTo("hello from drover");
      ids.add(i.get("id").asLong());
    }
    return ids;
  }

  @Test
  void demoJobSucceedsAndDataSurvivesARestart(@TempDir Path data) throws Exception {
    Standalone.Options options = new Standalone.Options(data, 0, 0, 0, 0);
    Set<Long> before;
    Path tokenFile = data.resolve(Standalone.TOKEN_FILE);
    try (Standalone s = new Standalone(options)) {
      int port = s.httpPort();
      token = s.token();
      assertThat(Files.readString(tokenFile).trim()).isEqualTo(token);
      assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/apps")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).as("the API needs the token").isEqualTo(401);
      await().atMost(Duration.ofSeconds(30)).until(() -> succeededDemoInstances(port).size() >= 2);
      before = succeededDemoInstances(port);
      JsonNode jobs = get(port, "/api/v1/jobs?app=demo");
      assertThat(jobs.size()).isEqualTo(1);
      assertThat(jobs.get(0).get("scheduleExpr").asText()).isEqualTo("0/5 * * * * ?");
    }
    try (Standalone s = new Standalone(options)) {
      int port = s.httpPort();
      assertThat(s.token()).as("the kept token is used again").isEqualTo(token);
      assertThat(get(port, "/api/v1/tokens").size()).as("no second token was created").isEqualTo(1);
      assertThat(get(port, "/api/v1/apps").size()).as("the demo app is not created twice").isEqualTo(1);
      assertThat(get(port, "/api/v1/jobs?app=demo").size()).as("the demo job is not created twice").isEqualTo(1);
      assertThat(succeededDemoInstances(port)).as("history survived the restart").containsAll(before);
      await().atMost(Duration.ofSeconds(30)).until(() -> succeededDemoInstances(port).size() > before.size());
    }
  }
}
