package io.drover.coordination.membership;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * This server's EPHEMERAL znode {@code servers/{id}}. It is created once by hand, so that an id already held
 * by another live session is refused instead of overwritten, and then kept by a Curator {@link PersistentNode},
 * which puts it back after a session expiry.
 */
final class ServerRegistration implements AutoCloseable {

  private static final int CREATE_ATTEMPTS = 3;

  private final CuratorFramework client;
  private final String path;
  private final ServerInfo self;
  private PersistentNode node;

  ServerRegistration(CuratorFramework client, String path, ServerInfo self) {
    this.client = client;
    this.path = path;
    this.self = self;
  }

  /** @throws IllegalStateException when another live ZooKeeper session holds this server id */
  void register(long timeoutMs) throws Exception {
    byte[] data = ServerInfoJson.encode(self);
    createOrRefuse(data);
    PersistentNode keeper = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
    keeper.start();
    node = keeper;
    if (!keeper.waitForInitialCreate(timeoutMs, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("server " + self.id() + ": registration at " + path
          + " was not confirmed by ZooKeeper within " + timeoutMs + " ms");
    }
  }

  private void createOrRefuse(byte[] data) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
        return;
      } catch (KeeperException.NodeExistsException e) {
        Stat stat = new Stat();
        byte[] existing;
        try {
          existing = client.getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException gone) {
          if (attempt < CREATE_ATTEMPTS) {
            continue; // it expired between our create and our read: try again
          }
          throw gone;
        }
        long ours = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (stat.getEphemeralOwner() == ours) {
          return;
        }
        throw new IllegalStateException(String.format(
            "server id '%s' is already registered at %s by another live ZooKeeper session 0x%x (%s). "
                + "Another server runs with this id, or a crashed one's session has not expired yet "
                + "(it does after the session timeout, %d ms negotiated here).",
            self.id(), path, stat.getEphemeralOwner(),
            existing == null ? "no data" : new String(existing, StandardCharsets.UTF_8),
            client.getZookeeperClient().getZooKeeper().getSessionTimeout()));
      }
    }
  }

  /** Deletes the znode. Idempotent. */
  @Override
  public void close() throws IOException {
    PersistentNode keeper = node;
    node = null;
    if (keeper != null) {
      keeper.close();
    }
  }
}
