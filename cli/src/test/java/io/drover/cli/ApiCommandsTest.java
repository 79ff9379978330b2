package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.scheduler.DroverServer;
import io.drover.scheduler.auth.TokenScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * droverctl's API and token commands, in-process, against a real server (curator-test ZooKeeper, real database,
 * real HTTP on loopback): what they print with --json parses back to what the server holds, and failures end with
 * the documented exit codes and the server's message.
 */
class ApiCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** No worker ever joins: an instance ends FAILED after this long. */
  private static final long NO_WORKER_TIMEOUT_MS = 4_000;

  private static InProcessCluster cluster;
  private static DroverServer server;
  private static Ctl ctl;

  @BeforeAll
  static void start() throws Exception {
    cluster = new InProcessCluster("api");
    server = cluster.startServer("api-1", Map.of("drover.dispatch.no-worker-timeout-ms",
        String.valueOf(NO_WORKER_TIMEOUT_MS)));
    ctl = new Ctl(Map.of("DROVER_SERVER", cluster.url(server), "DROVER_TOKEN", cluster.adminToken()));
    for (String app : List.of("orders", "billing")) {
      Ctl.Result r = ctl.run("app", "create", app, "--secret", app + "-secret-1");
      assertThat(r.code()).as("%s", r).isZero();
    }
    await().atMost(WAIT).until(() -> server.leaders().leads("orders") && server.leaders().leads("billing"));
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static long createApiJob(String app, String name) {
    Ctl.Result r = ctl.run("job", "create", "--app", app, "--name", name, "--schedule-type", "API", "--processor",
        "echo", "--json");
    assertThat(r.code()).as("%s", r).isZero();
    return r.json().get("id").asLong();
  }

  private static String status(long instanceId) {
    Ctl.Result r = ctl.run("instance", "show", String.valueOf(instanceId), "--json");
    assertThat(r.code()).as("%s", r).isZero();
    return r.json().get("status").asText();
  }

  @Test
  void appsListsTheCreatedAppsWithTheirLeaderAsJson() {
    Ctl.Result r = ctl.run("apps", "--json");

    assertThat(r.code()).as("%s", r).isZero();
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    r.json().forEach(a -> byName.put(a.get("name").asText(), a));
    assertThat(byName).containsKeys("orders", "billing");
    assertThat(byName.get("orders").get("leader").asText()).isEqualTo("api-1");
    assertThat(byName.get("orders").get("epoch").asLong()).isPositive();

    Ctl.Result table = ctl.run("apps");
    assertThat(table.out()).contains("NAME", "LEADER", "orders", "api-1");
  }

  @Test
  void creatingAnAppTwiceIsAServerError() {
    Ctl.Result r = ctl.run("app", "create", "orders", "--secret", "another-secret");

    assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err()).contains("CONFLICT", "orders");
  }

  @Test
  void jobCreatedFromAFileAndFlagsThenUpdatedKeepsWhatWasNotChanged(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.json");
    Files.writeString(file, "{\"app\":\"orders\",\"name\":\"from-file\",\"scheduleType\":\"FIXED_RATE\","
        + "\"scheduleExpr\":\"60000\",\"processor\":\"echo\",\"params\":\"p1\",\"maxAttempts\":3}");

    Ctl.Result created = ctl.run("job", "create", "--file", file.toString(), "--name", "settle", "--json");

    assertThat(created.code()).as("%s", created).isZero();
    JsonNode job = created.json();
    long id = job.get("id").asLong();
    assertThat(job.get("name").asText()).as("the flag wins over the file").isEqualTo("settle");
    assertThat(job.get("scheduleType").asText()).isEqualTo("FIXED_RATE");
    assertThat(job.get("maxAttempts").asInt()).isEqualTo(3);
    assertThat(job.get("enabled").asBoolean()).isTrue();

    Ctl.Result updated = ctl.run("job", "update", String.valueOf(id), "--processor", "sum", "--json");
    assertThat(updated.code()).as("%s", updated).isZero();
    JsonNode shown = ctl.run("job", "show", String.valueOf(id), "--json").json();
    assertThat(shown.get("processor").asText()).isEqualTo("sum");
    assertThat(shown.get("params").asText()).isEqualTo("p1");
    assertThat(shown.get("maxAttempts").asInt()).isEqualTo(3);
    assertThat(shown.get("scheduleExpr").asText()).isEqualTo("60000");

    Ctl.Result listed = ctl.run("jobs", "--app", "orders", "--json");
    assertThat(listed.code()).as("%s", listed).isZero();
    List<Long> ids = new ArrayList<>();
    listed.json().forEach(j -> ids.add(j.get("id").asLong()));
    assertThat(ids).contains(id);
    listed.json().forEach(j -> assertThat(j.get("app").asText()).isEqualTo("orders"));

    assertThat(ctl.run("job", "disable", String.valueOf(id), "--json").json().get("enabled").asBoolean()).isFalse();
    assertThat(ctl.run("job", "show", String.valueOf(id), "--json").json().get("enabled").asBoolean()).isFalse();
    assertThat(ctl.run("job", "enable", String.valueOf(id), "--json").json().get("enabled").asBoolean()).isTrue();

    Ctl.Result deleted = ctl.run("job", "delete", String.valueOf(id));
    assertThat(deleted.code()).as("%s", deleted).isZero();
    assertThat(ctl.run("job", "show", String.valueOf(id)).code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void anUnknownJobIsNotFoundWithTheServersMessage() {
    Ctl.Result r = ctl.run("job", "show", "987654321");

    assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("job 987654321 does not exist");

    Ctl.Result json = ctl.run("run", "987654321", "--json");
    assertThat(json.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(json.json().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void anInvalidJobIsRefusedWithTheServersReason() {
    Ctl.Result r = ctl.run("job", "create", "--app", "orders", "--name", "no-processor", "--schedule-type", "API");

    assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err()).contains("processor is required");
  }

  @Test
  void malformedInputIsAUsageError(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"app\": ");

    assertThat(ctl.run("job", "create", "--file", bad.toString()).code()).isEqualTo(ExitCodes.USAGE);
    assertThat(ctl.run("job", "create", "--file", dir.resolve("missing.json").toString()).code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ctl.run("jobs", "--no-such-option").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(ctl.run("instance", "show", "not-a-number").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(ctl.run("job").code()).as("a group without its command").isEqualTo(ExitCodes.USAGE);
    Ctl.Result help = ctl.run("instances", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--status", "Exit codes:");
  }

  @Test
  void withoutATokenTheServerRefusesAndTheExitCodeSaysAuthentication() {
    Ctl.Result r = ctl.without("DROVER_TOKEN").run("apps");

    assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.AUTH);
    assertThat(r.err()).contains("UNAUTHORIZED", "DROVER_TOKEN");

    Ctl.Result wrong = ctl.run("apps", "--token", "drv_not-a-token");
    assertThat(wrong.code()).as("%s", wrong).isEqualTo(ExitCodes.AUTH);
  }

  @Test
  void anAppTokenIsRefusedOnAnotherApp() {
    String ordersToken = cluster.createToken("orders-ci", TokenScope.forApp("orders"));
    Ctl appCtl = ctl.with("DROVER_TOKEN", ordersToken);

    Ctl.Result r = appCtl.run("jobs", "--app", "billing");

    assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.AUTH);
    assertThat(appCtl.run("jobs", "--app", "orders").code()).isZero();
  }

  @Test
  void theServerListIsTriedInOrderAndNoServerMeansUnavailable() {
    int dead = FreePorts.one();
    Ctl.Result r = ctl.run("apps", "--json", "--server", "http://127.0.0.1:" + dead + "," + cluster.url(server));
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.json().isArray()).isTrue();

    Ctl.Result none = ctl.run("apps", "--json", "--server", "127.0.0.1:" + dead);
    assertThat(none.code()).as("%s", none).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(none.json().path("error").path("code").asText()).isEqualTo("UNAVAILABLE");
    assertThat(none.err()).contains("127.0.0.1:" + dead);
  }

  @Test
  void runsWithOneIdempotencyKeyMakeOneInstanceAndAFailedOneCanBeRetried() {
    long job = createApiJob("orders", "idempotent");

    Ctl.Result first = ctl.run("run", String.valueOf(job), "--params", "x", "--idempotency-key", "k-1", "--json");
    Ctl.Result second = ctl.run("run", String.valueOf(job), "--params", "x", "--idempotency-key", "k-1", "--json");

    assertThat(first.code()).as("%s", first).isZero();
    long instance = first.json().get("instanceId").asLong();
    assertThat(second.json().get("instanceId").asLong()).isEqualTo(instance);
    Ctl.Result listed = ctl.run("instances", "--job", String.valueOf(job), "--json");
    assertThat(listed.json()).hasSize(1);
    assertThat(listed.json().get(0).get("id").asLong()).isEqualTo(instance);

    await().atMost(WAIT).until(() -> status(instance).equals("FAILED")); // no worker
    assertThat(ctl.run("instances", "--job", String.valueOf(job), "--status", "FAILED", "--json").json())
        .hasSize(1);
    Ctl.Result retried = ctl.run("instance", "retry", String.valueOf(instance), "--json");
    assertThat(retried.code()).as("%s", retried).isZero();
    long again = retried.json().get("instanceId").asLong();
    assertThat(again).isNotEqualTo(instance);
    assertThat(ctl.run("instances", "--job", String.valueOf(job), "--limit", "1", "--json").json().get(0)
        .get("id").asLong()).isEqualTo(again);
  }

  @Test
  void aWaitingInstanceCanBeStopped() {
    long job = createApiJob("billing", "to-stop");
    long instance = ctl.run("run", String.valueOf(job), "--json").json().get("instanceId").asLong();

    Ctl.Result r = ctl.run("instance", "stop", String.valueOf(instance));

    assertThat(r.code()).as("%s", r).isZero();
    await().atMost(WAIT).until(() -> status(instance).equals("CANCELED"));
    Ctl.Result again = ctl.run("instance", "stop", String.valueOf(instance));
    assertThat(again.code()).as("stopping an ended instance: %s", again).isEqualTo(ExitCodes.ERROR);
  }

  @Test
  void logsFollowPrintsLinesAsTheyComeUntilTheInstanceEnds() throws Exception {
    long job = createApiJob("orders", "logging");
    long instance = ctl.run("run", String.valueOf(job), "--json").json().get("instanceId").asLong();
    long t0 = System.currentTimeMillis();
    insertLog(instance, t0, "INFO", "first line");
    insertLog(instance, t0 + 1, "WARN", "second line");

    Ctl.Result page = ctl.run("logs", String.valueOf(instance), "--json");
    assertThat(page.code()).as("%s", page).isZero();
    assertThat(page.json().get("lines")).extracting(l -> l.get("line").asText())
        .containsExactly("first line", "second line");

    Ctl.Background follow = ctl.start("logs", String.valueOf(instance), "--follow", "--interval-ms", "100");
    await().atMost(WAIT).until(() -> follow.out().contains("second line"));
    assertThat(status(instance)).as("the instance is still waiting").isEqualTo("WAITING_DISPATCH");
    insertLog(instance, t0 + 2, "ERROR", "third line, written while following");
    await().atMost(WAIT).until(() -> follow.out().contains("third line"));
    assertThat(follow.done()).as("follow keeps going while the instance runs").isFalse();

    Ctl.Result ended = follow.result(WAIT); // the instance fails for want of a worker; follow then ends
    assertThat(ended.code()).as("%s", ended).isZero();
    assertThat(status(instance)).isEqualTo("FAILED");
    assertThat(ended.out().lines().filter(l -> l.contains(" line")).toList()).hasSize(3);
    assertThat(ended.out()).contains("WARN ", "second line");
  }

  @Test
  void tokensAreCreatedListedAndRevokedInTheDatabase() {
    TestDatabase.Db db = cluster.db();
    Ctl dbCtl = ctl.without("DROVER_TOKEN").with("DROVER_DB_URL", db.url()).with("DROVER_DB_USER", db.user())
        .with("DROVER_DB_PASSWORD", db.password());

    Ctl.Result created = dbCtl.run("token", "create", "--name", "ops", "--scope", "admin", "--json");

    assertThat(created.code()).as("%s", created).isZero();
    String token = created.json().get("token").asText();
    long id = created.json().get("id").asLong();
    assertThat(token).startsWith("drv_");
    assertThat(dbCtl.run("apps", "--token", token).code()).as("the new token works").isZero();

    Ctl.Result listed = dbCtl.run("token", "list", "--json");
    assertThat(listed.code()).as("%s", listed).isZero();
    assertThat(listed.json()).anySatisfy(t -> {
      assertThat(t.get("id").asLong()).isEqualTo(id);
      assertThat(t.get("scope").asText()).isEqualTo("admin");
      assertThat(t.has("token")).as("a listing never shows the token").isFalse();
    });

    assertThat(dbCtl.run("token", "revoke", String.valueOf(id)).code()).isZero();
    // servers remember a verified token for a few seconds (TokenVerifier), so a revoke in the database shows soon
    await().atMost(WAIT).until(() -> dbCtl.run("apps", "--token", token).code() == ExitCodes.AUTH);
    assertThat(dbCtl.run("token", "revoke", String.valueOf(id)).code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(dbCtl.run("token", "create", "--name", "x", "--scope", "everything").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ctl.without("DROVER_DB_URL").run("token", "list").code()).as("no database given")
        .isEqualTo(ExitCodes.USAGE);
  }

  private static void insertLog(long instance, long ts, String level, String line) throws Exception {
    TestDatabase.Db db = cluster.db();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
         PreparedStatement ps = c.prepareStatement(
             "INSERT INTO instance_log (instance_id, ts, level, worker, line) VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, instance);
      ps.setLong(2, ts);
      ps.setString(3, level);
      ps.setString(4, "w-1");
      ps.setString(5, line);
      ps.executeUpdate();
    }
  }
}
