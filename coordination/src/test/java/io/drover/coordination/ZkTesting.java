package io.drover.coordination;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** Shared set-up for tests against a real (in-process) ZooKeeper with short timeouts. */
public final class ZkTesting {

  public static final int SESSION_TIMEOUT_MS = 3_000;
  public static final int CONNECT_TIMEOUT_MS = 3_000;
  /** Lets the server accept short session timeouts (it allows 2..20 ticks). */
  private static final int TICK_TIME_MS = 200;
  private static final AtomicInteger ROOTS = new AtomicInteger();

  private ZkTesting() {
  }

  public static TestingServer startServer() throws Exception {
    return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, TICK_TIME_MS, -1), true);
  }

  public static CuratorFramework connect(TestingServer server) {
    return CuratorClients.connect(server.getConnectString(), SESSION_TIMEOUT_MS, CONNECT_TIMEOUT_MS);
  }

  /** A root no other test uses, so tests share one server without seeing each other. */
  public static ZkPaths freshPaths() {
    return new ZkPaths("/drover-test-" + ROOTS.incrementAndGet());
  }

  public static long sessionId(CuratorFramework client) throws Exception {
    return client.getZookeeperClient().getZooKeeper().getSessionId();
  }

  /**
   * Makes the client behave as if its session expired (Curator reports LOST, then reconnects with a new session);
   * the server drops the old session, and its ephemeral znodes, after the session timeout.
   */
  public static void expireSession(CuratorFramework client) throws Exception {
    client.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
  }

  public static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
  }
}
