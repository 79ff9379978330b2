package io.drover.bench.procs;

import io.drover.bench.BenchDatabases;
import io.drover.scheduler.embedded.EmbeddedMariaDb;
import io.drover.scheduler.embedded.EmbeddedZooKeeper;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure child of a {@link ProcessCluster}: an embedded ZooKeeper and an embedded MariaDB with a
 * database {@value #DATABASE}, both on free ports of 127.0.0.1 with temporary data. Prints
 * {@code ZK_CONNECT=host:port}, {@code DB_URL=jdbc:...} (unless {@code --no-db}), then {@code READY}. Runs until
 * SIGTERM or until its standard input closes (the bench JVM is gone); either way it stops MariaDB and ZooKeeper.
 *
 * <pre>java ... io.drover.bench.procs.BenchInfra [--no-db]</pre>
 */
public final class BenchInfra {
  static final String DATABASE = "drover_bench";

  private BenchInfra() {}

  public static void main(String[] args) throws Exception {
    boolean withDb = !(args.length == 1 && args[0].equals("--no-db"));
    if (args.length > 1 || (args.length == 1 && withDb)) {
      System.err.println("usage: BenchInfra [--no-db]");
      System.exit(2);
    }
    EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0);
    EmbeddedMariaDb db = null;
    try {
      if (withDb) {
        db = BenchDatabases.startEmbedded();
        db.createDatabase(DATABASE);
      }
    } catch (Exception | Error e) {
      zk.close();
      throw e;
    }
    EmbeddedMariaDb startedDb = db;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (startedDb != null) {
        startedDb.close();
      }
      zk.close();
      stopped.countDown();
    }, "bench-infra-shutdown"));
    System.out.println("ZK_CONNECT=" + zk.connectString());
    if (db != null) {
      System.out.println("DB_URL=" + db.jdbcUrl(DATABASE));
    }
    System.out.println("READY");
    System.out.flush();
    awaitEndOfInput(System.in);
    System.exit(0); // runs the shutdown hook
  }

  /** Returns when the stream ends: the parent closed its end of the pipe, or died. */
  static void awaitEndOfInput(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the bench writes nothing; anything written is ignored
      }
    } catch (IOException e) {
      // a broken pipe is an end of input as well
    }
  }
}
