package io.drover.coordination.leader;

import io.drover.coordination.CallbackQueue;
import java.io.IOException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's participation in one app's {@link LeaderLatch}, once: leaving it and joining again at the back of
 * the queue is a new {@code AppLatch}. Connection states are the latch's business: under the standard error policy
 * SUSPENDED and LOST make it not leader, RECONNECTED makes it check again. Each change is logged and queued for
 * the listener; nothing else runs on the latch's thread.
 *
 * <p>{@link #release} ends what the listener hears from this latch (telling it leadershipLost if it had been told
 * leadershipGained) while the latch's znode stays, so that the caller can wait for the listener before
 * {@link #close} lets the next participant lead.
 */
final class AppLatch {

  private static final Logger log = LoggerFactory.getLogger(AppLatch.class);

  private final String app;
  private final String serverId;
  private final LeaderLatch latch;
  private final LeadershipListener listener;
  private final CallbackQueue callbacks;
  private final Runnable onGained;
  /** Guards {@link #told} and {@link #released}; never held while calling into the latch. */
  private final Object monitor = new Object();
  /** What the listener was last told: true after leadershipGained, false after leadershipLost. */
  private boolean told;
  private volatile boolean released;

  /**
   * @param onGained run on the latch's thread after a gain is queued for the listener (must not block)
   */
  AppLatch(CuratorFramework client, String latchPath, String app, String serverId, LeadershipListener listener,
      CallbackQueue callbacks, Runnable onGained) {
    this.app = app;
    this.serverId = serverId;
    this.listener = listener;
    this.callbacks = callbacks;
    this.onGained = onGained;
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
    synchronized (monitor) {
      if (released || told) {
        return;
      }
      told = true;
      log.info("Leadership gained: app {} is led by server {}", app, serverId);
      callbacks.submit("leadershipGained(" + app + ")", () -> listener.leadershipGained(app));
    }
    onGained.run();
  }

  private void lost() {
    synchronized (monitor) {
      if (released || !told) {
        return;
      }
      told = false;
      log.info("Leadership lost: server {} no longer leads app {}", serverId, app);
      callbacks.submit("leadershipLost(" + app + ")", () -> listener.leadershipLost(app));
    }
  }

  /**
   * From now on the listener hears nothing more from this latch, and {@link #leads()} is false. If the listener had
   * been told leadershipGained, it is told leadershipLost (queued) and this returns true; the INFO log then gives
   * {@code why}. The latch's znode stays until {@link #close()}. Idempotent.
   */
  boolean release(String why) {
    synchronized (monitor) {
      if (released) {
        return false;
      }
      released = true;
      if (!told) {
        return false;
      }
      told = false;
      log.info("Leadership given back: server {} no longer leads app {} ({})", serverId, app, why);
      callbacks.submit("leadershipLost(" + app + ")", () -> listener.leadershipLost(app));
      return true;
    }
  }

  /** Whether this server leads the app now, by the latch's local state (never after {@link #release}). */
  boolean leads() {
    return !released && latch.hasLeadership();
  }

  /**
   * Leaves the latch (its znode is deleted in the background); if this server led the app and was not released,
   * the listener is told leadershipLost. Idempotent.
   */
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
