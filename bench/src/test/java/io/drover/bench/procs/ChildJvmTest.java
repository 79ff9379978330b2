package io.drover.bench.procs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM (the infrastructure main with ZooKeeper only) is started, read, stopped and killed for good. */
class ChildJvmTest {

  private static ChildJvm.Launch zkOnly(Path dir) {
    return new ChildJvm.Launch("zookeeper-only infrastructure", BenchInfra.class.getName(), "128m", Map.of(),
        List.of("--no-db"), dir.resolve("infra.log"), dir.resolve("infra"));
  }

  @Test
  @Timeout(120)
  void sigtermStopsTheChildCleanlyAndSigkillEndsItAtOnce(@TempDir Path dir) throws Exception {
    ChildJvm first = ChildJvm.start(zkOnly(dir));
    assertThat(first.awaitLine("ZK_CONNECT=", Duration.ofSeconds(60))).startsWith("ZK_CONNECT=127.0.0.1:");
    first.awaitLine("READY", Duration.ofSeconds(60));
    // 143: ended by SIGTERM after its shutdown hook; 0: it saw its input close first (Process.destroy closes it)
    assertThat(first.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").get().isIn(0, 143);
    assertThat(first.isAlive()).isFalse();

    ChildJvm second = ChildJvm.start(zkOnly(dir)); // same log, appended: lines are read from this run only
    second.awaitLine("READY", Duration.ofSeconds(60));
    second.kill();
    assertThat(second.isAlive()).isFalse();
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  @Timeout(60)
  void aChildThatExitsBeforeItsLineFailsWithItsLog(@TempDir Path dir) throws Exception {
    ChildJvm bad = ChildJvm.start(new ChildJvm.Launch("bad infrastructure", BenchInfra.class.getName(), "64m",
        Map.of(), List.of("--no-such-option"), dir.resolve("bad.log"), dir.resolve("bad")));
    assertThatThrownBy(() -> bad.awaitLine("READY", Duration.ofSeconds(30)))
        .hasMessageContaining("exited with 2").hasMessageContaining("usage: BenchInfra");
  }
}
