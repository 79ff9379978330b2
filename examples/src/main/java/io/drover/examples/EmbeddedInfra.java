package io.drover.examples;

import io.drover.scheduler.embedded.EmbeddedMariaDb;
import io.drover.scheduler.embedded.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * ZooKeeper and MariaDB alone, embedded, for scripts that run real server processes against them (benchmarks,
 * script tests): {@code EmbeddedInfra DATA_DIR ZK_PORT DB_PORT}. Prints the connection settings, runs until
 * SIGTERM.
 */
public final class EmbeddedInfra {
  private EmbeddedInfra() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: EmbeddedInfra DATA_DIR ZK_PORT DB_PORT");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(data.resolve("zookeeper"), Integer.parseInt(args[1]));
    EmbeddedMariaDb db = EmbeddedMariaDb.start(data.resolve("mariadb"), Integer.parseInt(args[2]));
    db.createDatabase("drover");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      db.close();
      zk.close();
      stopped.countDown();
    }, "drover-infra-shutdown"));
    System.out.println("DROVER_ZK_CONNECT=" + zk.connectString());
    System.out.println("DROVER_DB_URL=" + db.jdbcUrl("drover"));
    System.out.println("READY");
    stopped.await();
  }
}
