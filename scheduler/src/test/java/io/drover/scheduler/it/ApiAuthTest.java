package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.scheduler.auth.TokenScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bearer-token authentication of the HTTP API: no, unknown and revoked tokens are refused with 401; an app token
 * reaches its own app and nothing else (403, and the refused request changes nothing); admin tokens manage tokens;
 * /health and /metrics stay open.
 */
class ApiAuthTest {
  private static TestCluster cluster;
  private static DroverServer leader;
  private static DroverServer follower;
  private static Api admin;
  private static long alphaJob;
  private static long betaJob;
  private static long betaInstance;
  private static String alphaToken;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("auth");
    // no worker joins: runs stay waiting for the whole test, so a refused stop would show as a changed status
    Map<String, String> waitLong = Map.of("drover.dispatch.no-worker-timeout-ms", "600000");
    DroverServer a = cluster.startServer("a", waitLong);
    DroverServer b = cluster.startServer("b", waitLong);
    admin = cluster.api(a);
    for (String app : List.of("alpha", "beta")) {
      assertThat(admin.post("/api/v1/apps", Map.of("name", app, "secret", app + "-secret")).status())
          .isEqualTo(201);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leaders().leads("beta") || b.leaders().leads("beta"));
    leader = a.leaders().leads("beta") ? a : b;
    follower = leader == a ? b : a;
    alphaJob = createApiJob(admin, "alpha", "a-job");
    betaJob = createApiJob(admin, "beta", "b-job");
    Api.Response run = cluster.api(leader).post("/api/v1/jobs/" + betaJob + "/run", Map.of("params", "x"));
    assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
    betaInstance = run.body().get("instanceId").asLong();
    alphaToken = cluster.createToken("alpha-ci", TokenScope.forApp("alpha"));
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long createApiJob(Api api, String app, String name) {
    Api.Response r = api.post("/api/v1/jobs", Map.of("app", app, "name", name, "scheduleType", "API",
        "processor", "echo"));
    assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    return r.body().get("id").asLong();
  }

  private static void assertRefused(Api.Response r, int status, String code) {
    assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
    assertThat(r.errorCode().asText()).isEqualTo(code);
  }

  @Test
  void requestsWithoutAValidTokenAreRefusedWith401() {
    Api none = admin.withToken(null);
    for (Api api : List.of(none, admin.withToken("drv_not-a-real-token"), admin.withToken("garbage"))) {
      assertRefused(api.get("/api/v1/apps"), 401, "UNAUTHORIZED");
      assertRefused(api.get("/api/v1/jobs/" + alphaJob), 401, "UNAUTHORIZED");
      assertRefused(api.post("/api/v1/apps", Map.of("name", "sneaky", "secret", "sneaky-secret")), 401,
          "UNAUTHORIZED");
    }
    Api.Response basic = none.send("GET", "/api/v1/apps", null, Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));
    assertRefused(basic, 401, "UNAUTHORIZED");
    assertThat(admin.get("/api/v1/apps").body().findValuesAsText("name")).doesNotContain("sneaky");
  }

  @Test
  void healthAndMetricsNeedNoToken() {
    Api none = admin.withToken(null);
    assertThat(none.get("/health").status()).isEqualTo(200);
    Api.Text metrics = none.getText("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("drover_led_apps");
  }

  @Test
  void appTokenCannotTouchAnotherAppAndChangesNothing() {
    Api alpha = cluster.api(follower).withToken(alphaToken);
    JsonNode betaJobBefore = admin.get("/api/v1/jobs/" + betaJob).body();
    JsonNode betaInstanceBefore = admin.get("/api/v1/instances/" + betaInstance).body();
    int betaJobs = admin.get("/api/v1/jobs?app=beta").body().size();
    int betaInstances = admin.get("/api/v1/instances?app=beta").body().size();
    int tokens = admin.get("/api/v1/tokens").body().size();

    Map<String, Object> edited = new HashMap<>();
    edited.put("name", "renamed");
    edited.put("scheduleType", "API");
    edited.put("processor", "echo");
    List<Api.Response> refused = new ArrayList<>();
    refused.add(alpha.get("/api/v1/jobs/" + betaJob));
    refused.add(alpha.put("/api/v1/jobs/" + betaJob, edited));
    refused.add(alpha.post("/api/v1/jobs/" + betaJob + "/disable", null));
    refused.add(alpha.post("/api/v1/jobs/" + betaJob + "/run", Map.of("params", "stolen")));
    refused.add(alpha.delete("/api/v1/jobs/" + betaJob));
    refused.add(alpha.post("/api/v1/jobs", Map.of("app", "beta", "name", "planted", "scheduleType", "API",
        "processor", "echo")));
    refused.add(alpha.get("/api/v1/jobs?app=beta"));
    refused.add(alpha.get("/api/v1/instances?app=beta"));
    refused.add(alpha.get("/api/v1/instances?jobId=" + betaJob));
    refused.add(alpha.get("/api/v1/instances/" + betaInstance));
    refused.add(alpha.get("/api/v1/instances/" + betaInstance + "/log"));
    refused.add(alpha.get("/api/v1/instances/" + betaInstance + "/attempts"));
    refused.add(alpha.post("/api/v1/instances/" + betaInstance + "/stop", null));
    refused.add(alpha.post("/api/v1/instances/" + betaInstance + "/retry", null));
    refused.add(alpha.get("/api/v1/apps/beta/workers"));
    // admin-only endpoints
    refused.add(alpha.post("/api/v1/apps", Map.of("name", "gamma", "secret", "gamma-secret")));
    refused.add(alpha.get("/api/v1/cluster"));
    refused.add(alpha.get("/api/v1/tokens"));
    refused.add(alpha.post("/api/v1/tokens", Map.of("name", "escalate", "scope", "admin")));
    refused.add(alpha.delete("/api/v1/tokens/1"));
    for (Api.Response r : refused) {
      assertRefused(r, 403, "FORBIDDEN");
    }

    assertThat(admin.get("/api/v1/jobs/" + betaJob).body()).isEqualTo(betaJobBefore);
    assertThat(betaInstanceBefore.get("status").asText()).isEqualTo("WAITING_DISPATCH");
    assertThat(admin.get("/api/v1/instances/" + betaInstance).body()).isEqualTo(betaInstanceBefore);
    assertThat(admin.get("/api/v1/jobs?app=beta").body().size()).isEqualTo(betaJobs);
    assertThat(admin.get("/api/v1/instances?app=beta").body().size()).isEqualTo(betaInstances);
    assertThat(admin.get("/api/v1/apps").body().findValuesAsText("name")).doesNotContain("gamma");
    assertThat(admin.get("/api/v1/tokens").body().size()).isEqualTo(tokens);
  }

  @Test
  void appTokenWorksOnItsOwnAppAndSeesOnlyIt() {
    Api alpha = cluster.api(follower).withToken(alphaToken);
    assertThat(alpha.get("/api/v1/apps").body().findValuesAsText("name")).containsExactly("alpha");
    assertThat(alpha.get("/api/v1/jobs").body().findValuesAsText("app")).containsOnly("alpha").isNotEmpty();
    assertThat(alpha.get("/api/v1/jobs/" + alphaJob).status()).isEqualTo(200);

    long own = createApiJob(alpha, "alpha", "own-" + System.nanoTime());
    // a run is forwarded to the app's leader when the follower does not lead alpha: the token goes along
    Api.Response run = alpha.post("/api/v1/jobs/" + own + "/run", Map.of("params", "mine"));
    assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
    long instance = run.body().get("instanceId").asLong();
    assertThat(alpha.get("/api/v1/instances/" + instance).status()).isEqualTo(200);
    assertThat(alpha.get("/api/v1/instances/" + instance + "/log").status()).isEqualTo(200);
    JsonNode listed = alpha.get("/api/v1/instances?limit=1000").body();
    assertThat(listed.findValuesAsText("app")).containsOnly("alpha").isNotEmpty();
    assertThat(listed.findValuesAsText("id")).contains(String.valueOf(instance))
        .doesNotContain(String.valueOf(betaInstance));
    assertThat(alpha.post("/api/v1/jobs/" + own + "/disable", null).status()).isEqualTo(200);
    assertThat(alpha.delete("/api/v1/jobs/" + own).status()).isEqualTo(204);
  }

  @Test
  void forwardedRunsCarryTheCallersToken() {
    // beta is led by `leader`: a run through the follower is forwarded; the leader checks the token itself
    String betaToken = cluster.createToken("beta-ci", TokenScope.forApp("beta"));
    Api viaFollower = cluster.api(follower).withToken(betaToken);
    Api.Response run = viaFollower.post("/api/v1/jobs/" + betaJob + "/run", Map.of("params", "fwd"));
    assertThat(run.status()).as("%s", run.body()).isEqualTo(202);
    Api alphaViaFollower = cluster.api(follower).withToken(alphaToken);
    assertRefused(alphaViaFollower.post("/api/v1/jobs/" + betaJob + "/run", Map.of("params", "fwd")), 403,
        "FORBIDDEN");
  }

  @Test
  void adminCreatesListsAndRevokesTokens() {
    Api.Response created = admin.post("/api/v1/tokens", Map.of("name", "deploy", "scope", "app:alpha"));
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    JsonNode c = created.body();
    assertThat(c.get("name").asText()).isEqualTo("deploy");
    assertThat(c.get("scope").asText()).isEqualTo("app:alpha");
    assertThat(c.get("createdAt").asLong()).isPositive();
    String token = c.get("token").asText();
    long id = c.get("id").asLong();
    Api deploy = admin.withToken(token);
    assertThat(deploy.get("/api/v1/jobs/" + alphaJob).status()).isEqualTo(200);

    JsonNode listed = admin.get("/api/v1/tokens").body();
    assertThat(listed.findValuesAsText("name")).contains("deploy", "tests");
    assertThat(listed.toString()).doesNotContain(token).doesNotContain("\"token\"").doesNotContain("hash");

    assertRefused(admin.post("/api/v1/tokens", Map.of("name", "x", "scope", "root")), 400, "BAD_REQUEST");
    assertRefused(admin.post("/api/v1/tokens", Map.of("name", "x", "scope", "app:nope")), 404, "NOT_FOUND");

    assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    assertRefused(deploy.get("/api/v1/jobs/" + alphaJob), 401, "UNAUTHORIZED");
    assertRefused(admin.delete("/api/v1/tokens/" + id), 404, "NOT_FOUND");
    JsonNode revoked = null;
    for (JsonNode t : admin.get("/api/v1/tokens").body()) {
      if (t.get("id").asLong() == id) {
        revoked = t;
      }
    }
    assertThat(revoked).isNotNull();
    assertThat(revoked.get("revokedAt").asLong()).isPositive();
  }

  @Test
  void tokenRevokedOnAnotherServerStopsWorkingWithinTheCacheTime() {
    Api.Response created = admin.post("/api/v1/tokens", Map.of("name", "short-lived", "scope", "admin"));
    String token = created.body().get("token").asText();
    Api onFollower = cluster.api(follower).withToken(token);
    assertThat(onFollower.get("/api/v1/apps").status()).isEqualTo(200); // now cached on the follower
    assertThat(cluster.api(leader).delete("/api/v1/tokens/" + created.body().get("id").asLong()).status())
        .isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).until(() -> onFollower.get("/api/v1/apps").status() == 401);
  }
}
