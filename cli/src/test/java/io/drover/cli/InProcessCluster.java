package io.drover.cli;

import io.drover.scheduler.DroverServer;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.auth.TokenStore;
import io.drover.scheduler.config.ConfigLoader;
import io.drover.scheduler.store.Database;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * Real parts for in-process droverctl tests: a curator-test ZooKeeper, a fresh database with an admin token, and
 * Drover servers on free loopback ports. Closes everything in reverse order of start.
 */
final class InProcessCluster implements AutoCloseable {
  private final TestingServer zk;
  private final TestDatabase.Db db;
  private final String root;
  private final String adminToken;
  private final List<DroverServer> servers = Collections.synchronizedList(new ArrayList<>());

  InProcessCluster(String name) throws Exception {
    db = TestDatabase.fresh(name);
    // a short tick lets ZooKeeper accept the short session timeouts the servers use
    zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
    root = "/drover-cli-" + name;
    adminToken = createToken("cli-tests", TokenScope.ADMIN);
  }

  /** A token straight in the database (migrating the schema first if no server did yet); returns its text. */
  String createToken(String name, TokenScope scope) {
    try (Database d = Database.open(db.url(), db.user(), db.password(), 1)) {
      return new TokenStore(d).create(name, scope, System.currentTimeMillis()).token();
    }
  }

  DroverServer startServer(String id, Map<String, String> overrides) throws Exception {
    Properties p = new Properties();
    p.setProperty("drover.server.id", id);
    p.setProperty("drover.server.host", "127.0.0.1");
    p.setProperty("drover.http.port", "0");
    p.setProperty("drover.transport.port", "0");
    p.setProperty("drover.zk.connect", zk.getConnectString());
    p.setProperty("drover.zk.root", root);
    p.setProperty("drover.zk.session-timeout-ms", "3000");
    p.setProperty("drover.db.url", db.url());
    p.setProperty("drover.db.user", db.user());
    p.setProperty("drover.db.password", db.password());
    p.setProperty("drover.db.pool-size", "4");
    p.setProperty("drover.trigger.tick-ms", "100");
    p.setProperty("drover.trigger.lookahead-ms", "500");
    overrides.forEach(p::setProperty);
    DroverServer s = DroverServer.start(new ConfigLoader(p, Map.of(), new Properties()).read());
    servers.add(s);
    return s;
  }

  String url(DroverServer s) {
    return "http://127.0.0.1:" + s.httpPort();
  }

  String zkConnect() {
    return zk.getConnectString();
  }

  String root() {
    return root;
  }

  TestDatabase.Db db() {
    return db;
  }

  String adminToken() {
    return adminToken;
  }

  @Override
  public void close() throws Exception {
    List<DroverServer> copy = new ArrayList<>(servers);
    Collections.reverse(copy);
    for (DroverServer s : copy) {
      s.close();
    }
    zk.close();
  }
}
