package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.DroverServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests get the contract's error JSON with a 4xx status, write nothing, and the server keeps serving. */
class BadInputTest {
  private static TestCluster cluster;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("badinput");
    DroverServer server = cluster.startServer("s1", Map.of("drover.http.max-request-bytes", "4096"));
    api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "billing", "secret", "billing-secret")).status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static Map<String, Object> validJob() {
    Map<String, Object> j = new HashMap<>();
    j.put("app", "billing");
    j.put("name", "invoice");
    j.put("scheduleType", "CRON");
    j.put("scheduleExpr", "0 0 3 * * ?");
    j.put("processor", "echo");
    return j;
  }

  private static void assertError(Api.Response r, int status, String code, String messagePart) {
    assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
    assertThat(r.errorCode().asText()).isEqualTo(code);
    assertThat(r.body().path("error").path("message").asText()).containsIgnoringCase(messagePart);
  }

  private static void assertNoJobs() {
    assertThat(api.get("/api/v1/jobs?app=billing").body().size()).as("nothing written").isZero();
  }

  @Test
  void invalidCronIsRejected() {
    Map<String, Object> j = validJob();
    j.put("scheduleExpr", "0 0 25 * * ?");
    assertError(api.post("/api/v1/jobs", j), 400, "BAD_REQUEST", "invalid cron expression");
    assertNoJobs();
  }

  @Test
  void unknownAppIsNotFound() {
    Map<String, Object> j = validJob();
    j.put("app", "no-such-app");
    assertError(api.post("/api/v1/jobs", j), 404, "NOT_FOUND", "unknown app 'no-such-app'");
    assertError(api.get("/api/v1/jobs?app=no-such-app"), 404, "NOT_FOUND", "unknown app");
    assertNoJobs();
  }

  @Test
  void missingFieldsAreNamed() {
    for (String field : new String[] {"name", "scheduleType", "processor", "app"}) {
      Map<String, Object> j = validJob();
      j.remove(field);
      assertError(api.post("/api/v1/jobs", j), 400, "BAD_REQUEST", field + " is required");
    }
    assertNoJobs();
  }

  @Test
  void badValuesAreExplained() {
    Map<String, Object> j = validJob();
    j.put("scheduleType", "HOURLY");
    assertError(api.post("/api/v1/jobs", j), 400, "BAD_REQUEST", "scheduleType must be one of");
    j = validJob();
    j.put("scheduleType", "FIXED_RATE");
    j.put("scheduleExpr", "soon");
    assertError(api.post("/api/v1/jobs", j), 400, "BAD_REQUEST", "must be a number of milliseconds");
    j = validJob();
    j.put("timeZone", "Mars/Olympus");
    assertError(api.post("/api/v1/jobs", j), 400, "BAD_REQUEST", "unknown timeZone");
    j = validJob();
    j.put("colour", "blue");
    assertError(api.post("/api/v1/jobs", j), 400, "BAD_REQUEST", "unknown field \"colour\"");
    assertNoJobs();
  }

  @Test
  void malformedJsonIsRejected() {
    assertError(api.post("/api/v1/jobs", "{\"app\": \"billing\", "), 400, "BAD_REQUEST", "malformed JSON");
    assertError(api.post("/api/v1/apps", "[1,2"), 400, "BAD_REQUEST", "malformed JSON");
    assertNoJobs();
  }

  @Test
  void oversizedBodyIsRejected() {
    Map<String, Object> j = validJob();
    j.put("params", "x".repeat(10_000));
    Api.Response r = api.post("/api/v1/jobs", j);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errorCode().asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertNoJobs();
  }

  @Test
  void unknownIdsAndRoutesAreNotFound() {
    assertError(api.get("/api/v1/jobs/987654"), 404, "NOT_FOUND", "job 987654 does not exist");
    assertError(api.get("/api/v1/instances/123"), 404, "NOT_FOUND", "instance 123 does not exist");
    assertError(api.get("/api/v1/jobs/abc"), 400, "BAD_REQUEST", "must be a number");
    assertError(api.post("/api/v1/jobs/987654/run", null), 404, "NOT_FOUND", "job 987654");
    assertError(api.get("/api/v1/nothing-here"), 404, "NOT_FOUND", "/api/v1/nothing-here");
    assertError(api.get("/api/v1/instances?status=DONE"), 400, "BAD_REQUEST", "status must be one of");
    assertError(api.get("/api/v1/instances?limit=0"), 400, "BAD_REQUEST", "limit");
  }

  @Test
  void badAppsAreRejectedAndDuplicatesConflict() {
    assertError(api.post("/api/v1/apps", Map.of("name", "bad name!", "secret", "long-enough")), 400,
        "BAD_REQUEST", "name must be");
    assertError(api.post("/api/v1/apps", Map.of("name", "short-secret", "secret", "x")), 400,
        "BAD_REQUEST", "secret");
    assertError(api.post("/api/v1/apps", Map.of("name", "billing", "secret", "another-secret")), 409,
        "CONFLICT", "exists already");
    assertThat(api.get("/api/v1/apps").body().size()).isEqualTo(1);
  }

  @Test
  void serverKeepsServingAfterBadInput() {
    api.post("/api/v1/jobs", "\u0000\u0001garbage");
    Api.Response ok = api.post("/api/v1/jobs", Map.of("app", "billing", "name", "valid-after-garbage",
        "scheduleType", "API", "processor", "echo"));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(api.delete("/api/v1/jobs/" + ok.body().get("id").asLong()).status()).isEqualTo(204);
    assertThat(api.get("/health").status()).isEqualTo(200);
  }
}
