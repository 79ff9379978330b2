package io.drover.scheduler.leader;

import io.drover.coordination.membership.ServerInfo;
import java.util.Optional;

/** Who leads an app, cluster-wide, as ZooKeeper says. */
public interface LeaderDirectory {
  Optional<ServerInfo> leaderOf(String app);

  /** True when the app's znode exists (the app is registered with the cluster). */
  boolean knows(String app);
}
