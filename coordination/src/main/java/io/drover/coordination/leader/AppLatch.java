package io.drover.coordination.leader;

import io.drover.coordination.CallbackQueue;
import java.io.IOException;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's participation in one app's {@link LeaderLatch}. Connection states are the latch's business:
 * under the standard error policy SUSPENDED and LOST make it not leader, RECONNECTED makes it check again.
 * Each change is logged and queued for the listener; nothing else runs on the latch's thread.
 */
final class AppLatch {

  private static final Logger log = LoggerFactory.getLogger(AppLatch.class);

  private final String app;
  private final String serverId;
  private final LeaderLatch latch;
  private final LeadershipListener listener;
  private final CallbackQueue callbacks;

  AppLatch(CuratorFramework client, String latchPath, String app, String serverId, LeadershipListener listener,
      CallbackQueue callbacks) {
    this.app = app;
    this.serverId = serverId;
    this.listener = listener;
    this.callbacks = callbacks;
    this.latch = new LeaderLatch(client, latchPath, serverId, LeaderLatch.CloseMode.NOTIFY_LEADER);
  }

  void start() throws Exception {
    // Called on the latch's thread, under the latch's lock: only log and queue.
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        gained();
      }

      @Override
      public void notLeader() {
        lost();
      }
    });
    latch.start();
    log.debug("Server {} joined the leader latch of app {}", serverId, app);
  }

  private void gained() {
    log.info("Leadership gained: app {} is led by server {}", app, serverId);
    callbacks.submit("leadershipGained(" + app + ")", () -> listener.leadershipGained(app));
  }

  private void lost() {
    log.info("Leadership lost: server {} no longer leads app {}", serverId, app);
    callbacks.submit("leadershipLost(" + app + ")", () -> listener.leadershipLost(app));
  }

  /** Whether this server leads the app now, by the latch's local state. */
  boolean leads() {
    return latch.hasLeadership();
  }

  /**
   * The participant id of the current leader, asked of ZooKeeper. Empty when there is none or ZooKeeper cannot
   * answer now (logged at DEBUG).
   */
  Optional<String> leader() {
    try {
      Participant leader = latch.getLeader();
      return leader.isLeader() && !leader.getId().isEmpty() ? Optional.of(leader.getId()) : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      log.debug("Server {}: cannot read the leader of app {}: {}", serverId, app, e.toString());
      return Optional.empty();
    }
  }

  /** Leaves the latch; if this server led the app, the listener is told leadershipLost. Idempotent. */
  void close() {
    if (latch.getState() != LeaderLatch.State.STARTED) {
      return;
    }
    try {
      latch.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
      log.debug("Server {} left the leader latch of app {}", serverId, app);
    } catch (IOException | IllegalStateException e) {
      log.warn("Server {}: leaving the leader latch of app {} failed; its znode goes with the session: {}",
          serverId, app, e.toString());
    }
  }
}
