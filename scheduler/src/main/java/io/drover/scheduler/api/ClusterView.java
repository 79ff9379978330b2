package io.drover.scheduler.api;

import io.drover.coordination.membership.ServerInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the API needs to know of the cluster: live servers, app leaders, and how to register an app. */
public interface ClusterView {
  String serverId();

  List<ServerInfo> servers();

  Optional<ServerInfo> leaderOf(String app);

  /** Creates the app's znode so every server joins its leader election (idempotent). */
  void registerApp(String app) throws Exception;

  /** Health details: ZooKeeper session, database, led apps. */
  Map<String, Object> health();

  /** True when this server can serve: connected to ZooKeeper and the database answers. */
  boolean healthy();
}
