package io.drover.coordination.leader;

import io.drover.coordination.CallbackQueue;
import io.drover.coordination.ZkPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps this server knows and its latch in each: one {@link AppLatch} per known app, none while the server is
 * drained or after {@link #close()}.
 *
 * <p>Every way of leaving a led app is a hand-over: the listener is told leadershipLost and given up to
 * {@value #HANDOVER_WAIT_MS} ms to return from it, and only then is our latch znode deleted, so the next server
 * cannot gain the app while our listener still acts for it.
 */
final class AppLatches implements AutoCloseable {

  static final long HANDOVER_WAIT_MS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(AppLatches.class);

  private final CuratorFramework client;
  private final ZkPaths paths;
  private final String serverId;
  private final LeadershipListener listener;
  private final CallbackQueue callbacks;
  private final Runnable onGained;
  private final Object lock = new Object();
  /** Written under {@link #lock}; read without it. */
  private final Set<String> apps = ConcurrentHashMap.newKeySet();
  /** Written under {@link #lock}; read without it. */
  private final Map<String, AppLatch> latches = new ConcurrentHashMap<>();
  private volatile boolean drained;
  private volatile boolean closed;

  AppLatches(CuratorFramework client, ZkPaths paths, String serverId, LeadershipListener listener,
      CallbackQueue callbacks, Runnable onGained) {
    this.client = client;
    this.paths = paths;
    this.serverId = serverId;
    this.listener = listener;
    this.callbacks = callbacks;
    this.onGained = onGained;
  }

  /** A registered app appeared: join its latch (unless drained). Repeats are harmless. */
  void appAdded(String app) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      apps.add(app);
      if (!drained) {
        joinLocked(app);
      }
    }
  }

  /** An app was deleted: leave its latch. */
  void appRemoved(String app) {
    synchronized (lock) {
      apps.remove(app);
      AppLatch latch = latches.remove(app);
      if (latch != null) {
        log.info("App {} was deleted; server {} leaves its leader latch", app, serverId);
        latch.close();
      }
    }
  }

  /** Joins the latch of every known app it is not in (after a failed join). No-op while drained or closed. */
  void joinMissing() {
    synchronized (lock) {
      if (!closed && !drained) {
        apps.forEach(this::joinLocked);
      }
    }
  }

  private void joinLocked(String app) {
    if (latches.containsKey(app)) {
      return;
    }
    AppLatch latch = new AppLatch(client, paths.latch(app), app, serverId, listener, callbacks, onGained);
    try {
      latch.start();
      latches.put(app, latch);
    } catch (Exception e) {
      log.error("Server {} could not join the leader latch of app {}", serverId, app, e);
    }
  }

  boolean leads(String app) {
    AppLatch latch = app == null ? null : latches.get(app);
    return latch != null && latch.leads();
  }

  boolean knows(String app) {
    return app != null && apps.contains(app);
  }

  SortedSet<String> led() {
    return latches.entrySet().stream().filter(e -> e.getValue().leads()).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  SortedSet<String> known() {
    return new TreeSet<>(apps);
  }

  boolean isDrained() {
    return drained;
  }

  /** Sets the drained state before the first app is joined. */
  void startDrained(boolean value) {
    drained = value;
  }

  /**
   * Gives back a led app and joins its latch again at the back of the queue. False (and nothing done) when this
   * server does not lead the app now.
   */
  boolean giveBack(String app, String why) {
    return requeue(app, true, why);
  }

  /**
   * Moves this server to the back of the queue of an app it does not lead, so that the servers behind it come
   * first; nobody is told anything. False (and nothing done) when it leads the app now or is not in its latch.
   */
  boolean stepBack(String app) {
    return requeue(app, false, "stepped back in the queue just as it gained the app");
  }

  private boolean requeue(String app, boolean leading, String why) {
    AppLatch old;
    boolean told;
    synchronized (lock) {
      old = closed || drained ? null : latches.get(app);
      if (old == null || old.leads() != leading) {
        return false;
      }
      told = old.release(why);
    }
    if (told) {
      awaitListener(app);
    }
    synchronized (lock) {
      old.close();
      if (latches.remove(app, old) && !closed && !drained && apps.contains(app)) {
        joinLocked(app);
      }
    }
    return true;
  }

  /** Drained: leaves every latch (handing over the led apps). Not drained: joins every known app's latch again. */
  void setDrained(boolean value) {
    if (!value) {
      synchronized (lock) {
        if (closed || !drained) {
          return;
        }
        drained = false;
        log.info("Server {} is no longer drained; it joins the leader latches of {} apps again", serverId,
            apps.size());
        apps.forEach(this::joinLocked);
      }
      return;
    }
    List<AppLatch> leaving;
    synchronized (lock) {
      if (closed || drained) {
        return;
      }
      drained = true;
      log.info("Server {} is drained; it gives back every app it leads and leaves every leader latch", serverId);
      leaving = new ArrayList<>(latches.values());
      latches.clear();
    }
    handOver(leaving, "drained");
  }

  /** Releases the latches (telling the listener leadershipLost where it led), waits for it, then closes them. */
  private void handOver(List<AppLatch> leaving, String why) {
    boolean told = false;
    for (AppLatch latch : leaving) {
      told |= latch.release(why);
    }
    if (told) {
      awaitListener(leaving.size() + " apps of " + why + " server");
    }
    leaving.forEach(AppLatch::close);
  }

  private void awaitListener(String what) {
    try {
      if (!callbacks.awaitQueued(HANDOVER_WAIT_MS) && !callbacks.isCallbackThread()) {
        log.warn("Server {}: the leadership listener did not return from leadershipLost({}) within {} ms; "
            + "handing over anyway", serverId, what, HANDOVER_WAIT_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Server {}: interrupted while waiting for leadershipLost({}); handing over now", serverId, what);
    }
  }

  /** Hands over every led app, leaves every latch and forgets every app. Idempotent. */
  @Override
  public void close() {
    List<AppLatch> leaving;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      leaving = new ArrayList<>(latches.values());
      latches.clear();
      apps.clear();
    }
    handOver(leaving, "closing");
  }
}
