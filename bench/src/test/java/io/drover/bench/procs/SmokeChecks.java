package io.drover.bench.procs;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import io.drover.scheduler.ServerMain;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/** What the process benches' smoke tests share beyond {@code BenchTestEnv}: the checks on what is left. */
final class SmokeChecks {
  private SmokeChecks() {}

  /**
   * The children need the real class path, not surefire's manifest-only jar (bench's surefire is set up so): it
   * names where the server's classes come from.
   */
  static void assertClassPathIsUsableByChildren() throws Exception {
    Path server = Path.of(ServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(ChildJvm.classPath().split(File.pathSeparator)).as("class path given to child JVMs")
        .contains(server.toString());
  }

  static Map<String, Figure> figures(ScenarioResult r) {
    Map<String, Figure> m = new HashMap<>();
    r.getFigures().forEach(f -> m.put(f.name(), f));
    return m;
  }

  /** No process started by this JVM is alive any more: every server, worker, ZooKeeper and mariadbd is gone. */
  static void assertNoChildProcessLeft() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
            .as("processes started by this JVM and still alive").isEmpty());
  }
}
