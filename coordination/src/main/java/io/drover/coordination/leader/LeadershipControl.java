package io.drover.coordination.leader;

import io.drover.coordination.Names;
import io.drover.coordination.ZkPaths;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's handles on leadership, straight in ZooKeeper: pins, drains and the map of leaders. It needs only a
 * client, so {@code droverctl} can use it without taking part in any latch; every server's {@link AppLeadership}
 * watches the same znodes and follows them within about a second.
 *
 * <pre>
 * apps/{app}/pin       data = server id: while that server is live (and not drained) only it leads the app
 * drain/{serverId}     exists: that server leads nothing and leaves every latch until the znode is deleted
 * </pre>
 *
 * Every method reads or writes ZooKeeper and throws what Curator throws when it cannot; invalid app names and
 * server ids raise {@link IllegalArgumentException}.
 */
public final class LeadershipControl {

  private static final Logger log = LoggerFactory.getLogger(LeadershipControl.class);

  private final CuratorFramework client;
  private final ZkPaths paths;

  public LeadershipControl(CuratorFramework client, ZkPaths paths) {
    this.client = Objects.requireNonNull(client, "client");
    this.paths = Objects.requireNonNull(paths, "paths");
  }

  /**
   * Pins a registered app to a server (replacing any pin). The server need not be live: a pin to a server that is
   * not live is ignored until it is.
   *
   * @throws IllegalArgumentException when the app is not registered, or on an invalid name or id
   */
  public void pin(String app, String serverId) throws Exception {
    byte[] data = Names.requireServerId(serverId).getBytes(StandardCharsets.UTF_8);
    String pinPath = paths.pin(app);
    requireRegistered(app);
    try {
      client.create().withMode(CreateMode.PERSISTENT).forPath(pinPath, data);
    } catch (KeeperException.NodeExistsException e) {
      client.setData().forPath(pinPath, data);
    } catch (KeeperException.NoNodeException e) {
      throw new IllegalArgumentException("cannot pin app " + app + ": it is not registered", e);
    }
    log.info("App {} pinned to server {}", app, serverId);
  }

  /** Removes the app's pin, if any. */
  public void unpin(String app) throws Exception {
    try {
      client.delete().forPath(paths.pin(app));
      log.info("App {} unpinned", app);
    } catch (KeeperException.NoNodeException e) {
      log.debug("App {} was not pinned", app);
    }
  }

  /** The server the app is pinned to, whether or not that server is live; empty when it is not pinned. */
  public Optional<String> pinOf(String app) throws Exception {
    try {
      String pin = new String(client.getData().forPath(paths.pin(app)), StandardCharsets.UTF_8).trim();
      return pin.isEmpty() ? Optional.empty() : Optional.of(pin);
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }

  /** Marks a server drained (idempotent); the server need not be live. */
  public void drain(String serverId) throws Exception {
    String path = paths.drain(serverId);
    try {
      client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, new byte[0]);
      log.info("Server {} drained", serverId);
    } catch (KeeperException.NodeExistsException e) {
      log.debug("Server {} was already drained", serverId);
    }
  }

  /** Removes a server's drain mark, if any. */
  public void undrain(String serverId) throws Exception {
    try {
      client.delete().forPath(paths.drain(serverId));
      log.info("Server {} undrained", serverId);
    } catch (KeeperException.NoNodeException e) {
      log.debug("Server {} was not drained", serverId);
    }
  }

  public boolean isDrained(String serverId) throws Exception {
    return client.checkExists().forPath(paths.drain(serverId)) != null;
  }

  /** The drained servers, sorted, immutable. */
  public SortedSet<String> drainedServers() throws Exception {
    try {
      return Collections.unmodifiableSortedSet(new TreeSet<>(client.getChildren().forPath(paths.drains())));
    } catch (KeeperException.NoNodeException e) {
      return Collections.emptySortedSet();
    }
  }

  /**
   * The leader of every registered app that has one now, read from the latch participants in ZooKeeper: app to
   * server id, sorted by app, immutable. Apps without a leader are left out.
   */
  public Map<String, String> leaders() throws Exception {
    SortedMap<String, String> leaders = new TreeMap<>();
    for (String app : registeredApps()) {
      leaderOf(app).ifPresent(leader -> leaders.put(app, leader));
    }
    return Collections.unmodifiableSortedMap(leaders);
  }

  /** The server id of the app's leader now, from its latch participants; empty when it has none. */
  public Optional<String> leaderOf(String app) throws Exception {
    return LatchNodes.leader(client, paths.latch(app));
  }

  private SortedSet<String> registeredApps() throws Exception {
    SortedSet<String> apps = new TreeSet<>();
    try {
      for (String app : client.getChildren().forPath(paths.apps())) {
        if (Names.isValidAppName(app) && isRegistered(app)) {
          apps.add(app);
        }
      }
    } catch (KeeperException.NoNodeException e) {
      log.debug("No apps under {} yet", paths.apps());
    }
    return apps;
  }

  private boolean isRegistered(String app) throws Exception {
    try {
      return AppZnode.isRegistered(client.getData().forPath(paths.app(app)));
    } catch (KeeperException.NoNodeException e) {
      return false;
    }
  }

  private void requireRegistered(String app) throws Exception {
    if (!isRegistered(app)) {
      throw new IllegalArgumentException("cannot pin app " + app + ": it is not registered");
    }
  }
}
