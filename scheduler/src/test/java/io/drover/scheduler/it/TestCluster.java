package io.drover.scheduler.it;

import io.drover.scheduler.DroverServer;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.auth.TokenStore;
import io.drover.scheduler.config.ConfigLoader;
import io.drover.scheduler.store.Database;
import io.drover.scheduler.testsupport.TestDatabase;
import io.drover.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/**
 * Real parts for integration tests: a curator-test ZooKeeper, a fresh database (embedded MariaDB or
 * DROVER_TEST_DB_URL), Drover servers on free loopback ports, and workers. Closes everything in reverse order.
 * The database is migrated and given an admin API token at once; {@link #api} clients send it.
 */
public final class TestCluster implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private final TestingServer zk;
  private final TestingCluster ensemble;
  private final TestDatabase.Db db;
  private final String root;
  private final String adminToken;
  private final List<DroverServer> servers = Collections.synchronizedList(new ArrayList<>());
  private final List<Worker> workers = Collections.synchronizedList(new ArrayList<>());

  public TestCluster(String name) throws Exception {
    this(name, 1);
  }

  /** With {@code zkNodes} > 1, a real ZooKeeper ensemble (curator-test TestingCluster) instead of one server. */
  public TestCluster(String name, int zkNodes) throws Exception {
    this(zkNodes, TestDatabase.fresh(name));
  }

  /** One ZooKeeper server and the given database (a test that stops and restarts its own database). */
  public TestCluster(TestDatabase.Db db) throws Exception {
    this(1, db);
  }

  private TestCluster(int zkNodes, TestDatabase.Db db) throws Exception {
    // a short tick lets ZooKeeper accept the short session timeouts tests use
    if (zkNodes == 1) {
      zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
      ensemble = null;
    } else {
      List<InstanceSpec> specs = new ArrayList<>();
      for (int i = 1; i <= zkNodes; i++) {
        specs.add(new InstanceSpec(null, -1, -1, -1, true, i, 200, -1));
      }
      zk = null;
      ensemble = new TestingCluster(specs);
      ensemble.start();
    }
    this.db = db;
    root = "/drover-test-" + SEQ.incrementAndGet();
    adminToken = createToken("tests", TokenScope.ADMIN);
  }

  /**
   * Creates an API token straight in the database (as {@code droverctl token create} does), migrating the schema
   * first if no server did yet.
   *
   * @return the plain token
   */
  public String createToken(String name, TokenScope scope) {
    try (Database d = Database.open(db.url(), db.user(), db.password(), 1)) {
      return new TokenStore(d).create(name, scope, System.currentTimeMillis()).token();
    }
  }

  /** The admin token every {@link #api} client sends. */
  public String adminToken() {
    return adminToken;
  }

  public DroverServer startServer(String id) throws Exception {
    return startServer(id, Map.of());
  }

  public DroverServer startServer(String id, Map<String, String> overrides) throws Exception {
    Properties p = new Properties();
    p.setProperty("drover.server.id", id);
    p.setProperty("drover.server.host", "127.0.0.1");
    p.setProperty("drover.http.port", "0");
    p.setProperty("drover.transport.port", "0");
    p.setProperty("drover.zk.connect", zk != null ? zk.getConnectString() : ensemble.getConnectString());
    p.setProperty("drover.zk.root", root);
    p.setProperty("drover.zk.session-timeout-ms", "3000");
    p.setProperty("drover.zk.connect-timeout-ms", "5000");
    p.setProperty("drover.db.url", db.url());
    p.setProperty("drover.db.user", db.user());
    p.setProperty("drover.db.password", db.password());
    p.setProperty("drover.db.pool-size", "4");
    p.setProperty("drover.trigger.tick-ms", "100");
    p.setProperty("drover.trigger.lookahead-ms", "500");
    p.setProperty("drover.worker.heartbeat-interval-ms", "500");
    p.setProperty("drover.dispatch.no-worker-timeout-ms", "5000");
    overrides.forEach(p::setProperty);
    DroverServer s = DroverServer.start(new ConfigLoader(p, Map.of(), new Properties()).read());
    servers.add(s);
    return s;
  }

  public Worker startWorker(Worker.Builder builder) {
    Worker w = builder.start();
    workers.add(w);
    return w;
  }

  public String transportAddress(DroverServer s) {
    return "127.0.0.1:" + s.transportPort();
  }

  /** An API client of the server that authenticates as admin. */
  public Api api(DroverServer s) {
    return new Api(s.httpPort(), adminToken);
  }

  /** The ZooKeeper root (chroot path) of this cluster. */
  public String root() {
    return root;
  }

  public TestDatabase.Db db() {
    return db;
  }

  public void stopServer(DroverServer s) {
    servers.remove(s);
    s.close();
  }

  @Override
  public void close() throws Exception {
    for (Worker w : List.copyOf(workers)) {
      w.shutdown(java.time.Duration.ZERO); // tests end with work running; do not wait for it
    }
    List<DroverServer> copy = new ArrayList<>(servers);
    Collections.reverse(copy);
    for (DroverServer s : copy) {
      s.close();
    }
    if (zk != null) {
      zk.close();
    } else {
      ensemble.close();
    }
  }

  /** The ZooKeeper ensemble, when started with several nodes. */
  public TestingCluster ensemble() {
    return ensemble;
  }
}
