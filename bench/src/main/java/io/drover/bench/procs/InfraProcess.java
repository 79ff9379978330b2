package io.drover.bench.procs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@link BenchInfra} child: its ZooKeeper address and, unless started without, its database URL. */
final class InfraProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** MariaDB's clean shutdown takes a few seconds; SIGKILL would leave mariadbd running without its parent. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  private final ChildJvm jvm;
  private final String zkConnect;
  private final String dbUrl;

  private InfraProcess(ChildJvm jvm, String zkConnect, String dbUrl) {
    this.jvm = jvm;
    this.zkConnect = zkConnect;
    this.dbUrl = dbUrl;
  }

  static InfraProcess start(Path dir, boolean withDb) throws IOException, InterruptedException {
    ChildJvm jvm = ChildJvm.start(new ChildJvm.Launch("infrastructure (ZooKeeper" + (withDb ? ", MariaDB)" : ")"),
        BenchInfra.class.getName(), "256m", Map.of(), withDb ? List.of() : List.of("--no-db"),
        dir.resolve("infra.log"), dir.resolve("infra")));
    try {
      jvm.awaitLine("READY", START_TIMEOUT);
      String zk = jvm.awaitLine("ZK_CONNECT=", Duration.ZERO).substring("ZK_CONNECT=".length());
      String db = withDb ? jvm.awaitLine("DB_URL=", Duration.ZERO).substring("DB_URL=".length()) : null;
      return new InfraProcess(jvm, zk, db);
    } catch (InterruptedException | RuntimeException e) {
      jvm.close();
      throw e;
    }
  }

  String zkConnect() {
    return zkConnect;
  }

  /** The embedded database's JDBC URL; null when started without one. */
  String dbUrl() {
    return dbUrl;
  }

  ProcessHandle handle() {
    return jvm.handle();
  }

  /** SIGTERM: the child stops MariaDB and ZooKeeper cleanly, then exits. */
  @Override
  public void close() throws InterruptedException {
    if (jvm.stop(STOP_GRACE).isEmpty()) {
      throw new IllegalStateException(jvm + " did not stop within " + STOP_GRACE.toSeconds()
          + " s and was killed; its mariadbd may be left running");
    }
  }
}
