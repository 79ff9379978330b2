package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped scripts, as an operator runs them: a three-node ZooKeeper ensemble from bin/drover-zk.sh, three
 * servers from bin/drover-server.sh (each with its own id, ports, pid and log file, settings by environment) and
 * bin/droverctl. A clean stop hands the stopped server's apps to the others, and stopping everything leaves no
 * process behind. The scripts run with DROVER_NO_BUILD=1: the reactor has built the jars by now.
 */
class ScriptClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> APPS = List.of("alpha", "beta", "gamma", "delta", "epsilon");
  private static final int NODES = 3;

  @TempDir Path tmp;

  private final List<Long> pids = new ArrayList<>();
  private final long t0 = System.nanoTime();

  /** Prints how long the test has run at each step, to see where a slow run spends its time. */
  private void step(String what) {
    System.out.printf("ScriptClusterTest %5.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  @Test
  void threeScriptedServersLeadEveryAppHandOverOnStopAndLeaveNothingRunning() throws Exception {
    Path home = Scripts.home();
    assertThat(Files.isDirectory(home.resolve("scheduler/target/lib")))
        .as("scheduler/target/lib (build the scheduler first: mvn -pl scheduler -am package)").isTrue();
    List<Integer> ports = FreePorts.take(5 * NODES);
    Map<String, String> common = Map.of("DROVER_LOG_DIR", tmp.resolve("logs").toString(), "DROVER_NO_BUILD", "1");
    Scripts scripts = new Scripts(home, common);
    String ensemble = Stream.of(0, 1, 2).map(i -> "127.0.0.1:" + ports.get(NODES + i) + ":" + ports.get(2 * NODES + i))
        .collect(Collectors.joining(","));
    String zkConnect = Stream.of(0, 1, 2).map(i -> "127.0.0.1:" + ports.get(i)).collect(Collectors.joining(","));
    boolean passed = false;
    try {
      for (int i = 1; i <= NODES; i++) {
        Scripts.Run r = scripts.run("drover-zk.sh", zkNode(i, ports, ensemble), "start");
        assertThat(r.code()).as("%s", r).isZero();
        pids.add(pid("drover-zk-zoo-" + i));
      }
      step("ZooKeeper nodes started");
      await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> Stream.of(1, 2, 3)
          .map(i -> scripts.run("drover-zk.sh", zkNode(i, ports, ensemble), "status").output())
          .allMatch(out -> out.contains("mode leader") || out.contains("mode follower")));

      step("ZooKeeper quorum formed");
      TestDatabase.Db db = TestDatabase.fresh("scripts");
      step("database ready");
      Map<String, String> serverEnv = new HashMap<>(Map.of("DROVER_ZK_CONNECT", zkConnect,
          "DROVER_ZK_ROOT", "/drover-scripts", "DROVER_ZK_SESSION_TIMEOUT_MS", "3000",
          "DROVER_DB_URL", db.url(), "DROVER_DB_USER", db.user(), "DROVER_DB_PASSWORD", db.password(),
          "DROVER_DB_POOL_SIZE", "4", "DROVER_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
      // the first server migrates the schema; the others then start side by side, each with its own id and files
      List<CompletableFuture<Scripts.Run>> starts = new ArrayList<>();
      for (int i = 1; i <= NODES; i++) {
        int id = i;
        starts.add(CompletableFuture.supplyAsync(() -> scripts.run("drover-server.sh", server(id, ports, serverEnv),
            "start"), task -> new Thread(task, "start-sc-" + id).start()));
        if (i == 1) {
          starts.get(0).join();
        }
      }
      for (int i = 1; i <= NODES; i++) {
        Scripts.Run r = starts.get(i - 1).join();
        assertThat(r.code()).as("start returns once /health is UP: %s", r).isZero();
        assertThat(r.output()).contains("UP");
        pids.add(pid("drover-server-sc-" + i));
      }
      step("servers healthy");

      Map<String, String> ctlEnv = new HashMap<>(serverEnv);
      ctlEnv.remove("DROVER_JAVA_OPTS");
      Scripts.Run token = scripts.run("droverctl", ctlEnv, "token", "create", "--name", "scripts", "--scope",
          "admin", "--json");
      assertThat(token.code()).as("%s", token).isZero();
      String adminToken = ApiClient.JSON.readTree(token.output()).get("token").asText();
      ctlEnv.put("DROVER_SERVER", "http://127.0.0.1:" + ports.get(3 * NODES + 2) + ",http://127.0.0.1:"
          + ports.get(3 * NODES));
      ctlEnv.put("DROVER_TOKEN", adminToken);
      step("token created");
      Ctl ctl = new Ctl(ctlEnv);
      for (String app : APPS) {
        Ctl.Result r = ctl.run("app", "create", app, "--secret", app + "-secret-1");
        assertThat(r.code()).as("%s", r).isZero();
      }

      Scripts.Run servers = scripts.run("droverctl", ctlEnv, "servers", "--json");
      assertThat(servers.code()).as("%s", servers).isZero();
      assertThat(ApiClient.JSON.readTree(servers.output())).extracting(s -> s.get("id").asText())
          .containsExactly("sc-1", "sc-2", "sc-3");
      await().atMost(WAIT).until(() -> leaders(ctl).keySet().containsAll(APPS)
          && Set.of("sc-1", "sc-2", "sc-3").containsAll(leaders(ctl).values()));
      Scripts.Run leaders = scripts.run("droverctl", ctlEnv, "leaders", "--json");
      assertThat(leaders.code()).as("%s", leaders).isZero();
      assertThat(ApiClient.JSON.readTree(leaders.output())).hasSize(APPS.size()).allSatisfy(a -> {
        assertThat(a.get("leader").asText()).isIn("sc-1", "sc-2", "sc-3");
        assertThat(a.get("epoch").asLong()).as("the API answers, so the epoch shows").isPositive();
      });

      step("every app led");
      long stoppedPid = pid("drover-server-sc-1");
      Scripts.Run stop = scripts.run("drover-server.sh", server(1, ports, serverEnv), "stop");
      assertThat(stop.code()).as("%s", stop).isZero();
      assertThat(alive(stoppedPid)).as("stop returns once the process has exited").isFalse();
      assertThat(scripts.run("drover-server.sh", server(1, ports, serverEnv), "status").code()).isEqualTo(3);
      await().atMost(WAIT).until(() -> {
        Map<String, String> now = leaders(ctl);
        return now.keySet().containsAll(APPS) && Set.of("sc-2", "sc-3").containsAll(now.values());
      });
      assertThat(ApiClient.JSON.readTree(scripts.run("droverctl", ctlEnv, "servers", "--json").output()))
          .extracting(s -> s.get("id").asText()).containsExactly("sc-2", "sc-3");

      step("sc-1 stopped, its apps handed over");
      for (int i = NODES; i >= 1; i--) {
        Scripts.Run r = scripts.run("drover-server.sh", server(i, ports, serverEnv), "stop");
        assertThat(r.code()).as("%s", r).isZero();
      }
      for (int i = NODES; i >= 1; i--) {
        Scripts.Run r = scripts.run("drover-zk.sh", zkNode(i, ports, ensemble), "stop");
        assertThat(r.code()).as("%s", r).isZero();
      }
      step("everything stopped");
      assertThat(pids).hasSize(2 * NODES).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
      try (Stream<Path> files = Files.list(tmp.resolve("logs"))) {
        assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".pid"));
      }
      passed = true;
    } finally {
      cleanUp(scripts, ports, ensemble, passed);
    }
  }

  /** Stops whatever is still running (after a failure), kills what does not stop, and shows the logs. */
  private void cleanUp(Scripts scripts, List<Integer> ports, String ensemble, boolean passed) throws IOException {
    if (passed) {
      return;
    }
    for (int i = NODES; i >= 1; i--) {
      scripts.run("drover-server.sh", Map.of("DROVER_SERVER_ID", "sc-" + i, "DROVER_STOP_TIMEOUT", "10"), "stop");
    }
    for (int i = NODES; i >= 1; i--) {
      scripts.run("drover-zk.sh", zkNode(i, ports, ensemble), "stop");
    }
    for (long pid : pids) {
      if (alive(pid)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    Path logs = tmp.resolve("logs");
    if (Files.isDirectory(logs)) {
      try (Stream<Path> files = Files.list(logs)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
          List<String> lines = Files.readAllLines(f);
          System.err.println("==== " + f.getFileName() + " (last 40 lines)");
          lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
        }
      }
    }
  }

  private Map<String, String> zkNode(int id, List<Integer> ports, String ensemble) {
    return Map.of("DROVER_ZK_ID", String.valueOf(id), "DROVER_ZK_ENSEMBLE", ensemble,
        "DROVER_ZK_CLIENT_PORT", String.valueOf(ports.get(id - 1)),
        "DROVER_ZK_DATA_DIR", tmp.resolve("zk-" + id).toString(),
        "DROVER_ZK_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
  }

  private static Map<String, String> server(int id, List<Integer> ports, Map<String, String> serverEnv) {
    Map<String, String> env = new LinkedHashMap<>(serverEnv);
    env.put("DROVER_SERVER_ID", "sc-" + id);
    env.put("DROVER_HTTP_PORT", String.valueOf(ports.get(3 * NODES + id - 1)));
    env.put("DROVER_TRANSPORT_PORT", String.valueOf(ports.get(4 * NODES + id - 1)));
    return env;
  }

  /** App to leader from droverctl (in-process, so polling is cheap); apps without a leader are left out. */
  private static Map<String, String> leaders(Ctl ctl) {
    Ctl.Result r = ctl.run("leaders", "--json");
    assertThat(r.code()).as("%s", r).isZero();
    Map<String, String> out = new HashMap<>();
    for (JsonNode a : r.json()) {
      if (!a.get("leader").isNull()) {
        out.put(a.get("app").asText(), a.get("leader").asText());
      }
    }
    return out;
  }

  private long pid(String name) throws IOException {
    return Long.parseLong(Files.readString(tmp.resolve("logs").resolve(name + ".pid")).trim());
  }

  /**
   * Whether the process still runs. A zombie does not: an exited orphan stays a zombie until init reaps it, and
   * ProcessHandle.isAlive counts zombies as alive.
   */
  private static boolean alive(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    } catch (IOException e) {
      return false; // gone
    }
    char state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
  }
}
