package io.drover.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.coordination.CuratorClients;
import io.drover.coordination.Names;
import io.drover.coordination.ZkPaths;
import io.drover.coordination.leader.LeadershipControl;
import io.drover.coordination.membership.ServerInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * A short ZooKeeper session for one command: reads the cluster's servers and apps straight from the znodes and
 * hands out {@link LeadershipControl} for pins, drains and the leader map. No server needs to be running.
 */
final class ZkSession implements AutoCloseable {
  private static final ObjectMapper SERVER_JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final int SESSION_TIMEOUT_MS = 10_000;

  private final CuratorFramework client;
  private final ZkPaths paths;
  private final LeadershipControl control;

  private ZkSession(CuratorFramework client, ZkPaths paths) {
    this.client = client;
    this.paths = paths;
    this.control = new LeadershipControl(client, paths);
  }

  static ZkSession open(String connect, String root, int connectTimeoutMs) {
    ZkPaths paths;
    try {
      paths = new ZkPaths(root);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    try {
      return new ZkSession(CuratorClients.connect(connect, SESSION_TIMEOUT_MS, connectTimeoutMs), paths);
    } catch (IllegalStateException e) {
      throw CliException.unavailable(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  LeadershipControl control() {
    return control;
  }

  /** The live servers, sorted by id; a znode whose data does not parse is left out. */
  List<ServerInfo> servers() throws Exception {
    List<ServerInfo> out = new ArrayList<>();
    for (String id : children(paths.servers())) {
      if (!Names.isValidServerId(id)) {
        continue;
      }
      try {
        ServerInfo info = SERVER_JSON.readValue(client.getData().forPath(paths.server(id)), ServerInfo.class);
        if (info.id().equals(id)) {
          out.add(info);
        }
      } catch (KeeperException.NoNodeException e) {
        // the server left between the listing and the read
      } catch (IOException | IllegalArgumentException e) {
        // not a server this version understands; `servers` shows what it can read
      }
    }
    out.sort(Comparator.comparing(ServerInfo::id));
    return out;
  }

  boolean isLive(String serverId) throws Exception {
    return client.checkExists().forPath(paths.server(serverId)) != null;
  }

  /**
   * The registered apps, sorted: app znodes with data (an empty app znode is a leftover of a latch, not an app;
   * see docs/DESIGN.md).
   */
  SortedSet<String> apps() throws Exception {
    SortedSet<String> apps = new TreeSet<>();
    for (String app : children(paths.apps())) {
      if (!Names.isValidAppName(app)) {
        continue;
      }
      try {
        byte[] data = client.getData().forPath(paths.app(app));
        if (data != null && data.length > 0) {
          apps.add(app);
        }
      } catch (KeeperException.NoNodeException e) {
        // deleted between the listing and the read
      }
    }
    return apps;
  }

  private List<String> children(String path) throws Exception {
    try {
      return client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
