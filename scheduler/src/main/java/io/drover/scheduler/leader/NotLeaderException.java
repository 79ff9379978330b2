package io.drover.scheduler.leader;

import io.drover.coordination.membership.ServerInfo;
import java.util.Optional;

/** A request that only the leader of an app can serve reached another server. */
public final class NotLeaderException extends RuntimeException {
  private final transient ServerInfo leader;

  public NotLeaderException(String app, Optional<ServerInfo> leader) {
    super(leader.map(l -> "app '" + app + "' is led by server " + l.id()).orElse("app '" + app
        + "' has no leader right now; retry shortly"));
    this.leader = leader.orElse(null);
  }

  /** The current leader, when known. */
  public Optional<ServerInfo> leader() {
    return Optional.ofNullable(leader);
  }
}
