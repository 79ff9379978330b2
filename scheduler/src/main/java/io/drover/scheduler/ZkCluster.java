package io.drover.scheduler;

import io.drover.coordination.ZkPaths;
import io.drover.coordination.leader.AppLeadership;
import io.drover.coordination.membership.ClusterMembership;
import io.drover.coordination.membership.ServerInfo;
import io.drover.scheduler.api.ClusterView;
import io.drover.scheduler.leader.LeaderDirectory;
import io.drover.scheduler.leader.LeaderRuntimes;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.AppStore;
import io.drover.scheduler.store.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/** The cluster as ZooKeeper shows it, for the API and for redirecting workers. */
final class ZkCluster implements ClusterView, LeaderDirectory {
  private final String serverId;
  private final CuratorFramework zk;
  private final ZkPaths paths;
  private final Database db;
  private final LeaderRuntimes leaders;
  private volatile ClusterMembership membership;
  private volatile AppLeadership leadership;

  ZkCluster(String serverId, CuratorFramework zk, ZkPaths paths, Database db, LeaderRuntimes leaders) {
    this.serverId = serverId;
    this.zk = zk;
    this.paths = paths;
    this.db = db;
    this.leaders = leaders;
  }

  void bind(ClusterMembership membership, AppLeadership leadership) {
    this.membership = membership;
    this.leadership = leadership;
  }

  @Override
  public String serverId() {
    return serverId;
  }

  @Override
  public List<ServerInfo> servers() {
    ClusterMembership m = membership;
    return m == null ? List.of() : m.liveServers();
  }

  @Override
  public Optional<ServerInfo> leaderOf(String app) {
    ClusterMembership m = membership;
    AppLeadership l = leadership;
    if (m == null || l == null) {
      return Optional.empty();
    }
    return l.leaderOf(app).flatMap(m::server);
  }

  @Override
  public boolean knows(String app) {
    AppLeadership l = leadership;
    return l != null && l.knownApps().contains(app);
  }

  @Override
  public void registerApp(String app) throws Exception {
    AppLeadership l = leadership;
    if (l == null) {
      throw new IllegalStateException("server " + serverId + " is still starting; retry shortly");
    }
    l.registerApp(app);
  }

  /**
   * Registers in ZooKeeper every app the database has and ZooKeeper lacks (a new or wiped ensemble, a lost znode),
   * so no app stays without a leader. Returns the apps registered again.
   */
  List<String> reconcileApps(AppStore apps) throws Exception {
    AppLeadership l = leadership;
    if (l == null) {
      return List.of();
    }
    java.util.Set<String> known;
    try {
      known = new java.util.HashSet<>(zk.getChildren().forPath(paths.apps()));
    } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
      known = java.util.Set.of();
    }
    List<String> restored = new java.util.ArrayList<>();
    for (App app : apps.all()) {
      if (!known.contains(app.name())) {
        l.registerApp(app.name());
        restored.add(app.name());
      }
    }
    return restored;
  }

  @Override
  public Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("serverId", serverId);
    h.put("zookeeper", zk.getZookeeperClient().isConnected() ? "CONNECTED" : "DISCONNECTED");
    h.put("zkRoot", paths.root());
    h.put("database", db.healthy() ? "UP" : "DOWN");
    h.put("ledApps", leaders.ledApps());
    return h;
  }

  @Override
  public boolean healthy() {
    return membership != null && zk.getZookeeperClient().isConnected() && db.healthy();
  }
}
