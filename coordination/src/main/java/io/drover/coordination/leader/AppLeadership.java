package io.drover.coordination.leader;

import io.drover.coordination.CallbackQueue;
import io.drover.coordination.Names;
import io.drover.coordination.ZkPaths;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's part in the leadership of every app: one Curator LeaderLatch per app znode under {@code apps/},
 * participant id = server id. Apps that appear later are joined as they appear; an app whose znode is deleted is
 * left.
 *
 * <p>{@link LeadershipListener} calls run on one dedicated thread per instance, in order, never concurrently
 * and never under this class's lock. SUSPENDED and LOST connections make every latch report
 * {@code leadershipLost} (the client must use the standard connection-state error policy, checked here);
 * after RECONNECTED the latches check again and report {@code leadershipGained} where they still lead.
 *
 * <p>Queries ({@link #isLeader}, {@link #leaderOf}) never throw for an unknown or invalid app name.
 */
public final class AppLeadership implements AutoCloseable {

  private enum State { LATENT, STARTED, CLOSED }

  private static final Logger log = LoggerFactory.getLogger(AppLeadership.class);
  private static final int REGISTER_ATTEMPTS = 3;

  private final CuratorFramework client;
  private final ZkPaths paths;
  private final String serverId;
  private final LeadershipListener listener;
  private final CallbackQueue callbacks;
  private final AppWatcher watcher;
  private final Object lock = new Object();
  /** Written under {@link #lock}; read without it. */
  private final Map<String, AppLatch> latches = new ConcurrentHashMap<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  /**
   * @throws IllegalArgumentException on an invalid server id, or a client whose connection-state error policy
   *     does not treat SUSPENDED as an error (leadership would then outlive a suspended connection)
   */
  public AppLeadership(CuratorFramework client, ZkPaths paths, String serverId, LeadershipListener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.serverId = Names.requireServerId(serverId);
    this.listener = Objects.requireNonNull(listener, "listener");
    if (!client.getConnectionStateErrorPolicy().isErrorState(ConnectionState.SUSPENDED)) {
      throw new IllegalArgumentException("server " + serverId + ": the Curator client must use the standard "
          + "connection-state error policy (SUSPENDED drops leadership); it uses "
          + client.getConnectionStateErrorPolicy().getClass().getName());
    }
    this.callbacks = new CallbackQueue("drover-leadership-" + serverId);
    this.watcher = new AppWatcher(client, paths, this::join, this::leave);
  }

  /** Starts watching {@code apps/} and joins the latch of every app there (waits for the initial load). */
  public void start() throws Exception {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("leadership of server " + serverId + " was already started");
    }
    try {
      watcher.start(client.getZookeeperClient().getConnectionTimeoutMs());
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    log.debug("Server {} watches apps under {}", serverId, paths.apps());
  }

  /**
   * Creates the app znode {@code apps/{app}} (persistent, with missing parents, data {@code {"app":"<name>"}}) if
   * it does not exist yet, replacing an empty leftover of a deleted app. The app caches of all servers, this one
   * included, then join its latch.
   *
   * @throws IllegalArgumentException on an invalid app name
   */
  public void registerApp(String app) throws Exception {
    String path = paths.app(app);
    for (int attempt = 1; attempt <= REGISTER_ATTEMPTS; attempt++) {
      try {
        client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, AppZnode.data(app));
        log.info("App {} registered at {} by server {}", app, path, serverId);
        return;
      } catch (KeeperException.NodeExistsException e) {
        if (isRegisteredOrGone(path)) {
          log.debug("App {} is already registered at {}", app, path);
          return;
        }
      }
    }
    throw new IllegalStateException("app " + app + ": could not register " + path + " after "
        + REGISTER_ATTEMPTS + " attempts (an empty leftover znode kept coming back)");
  }

  /** True when {@code path} is a registered app; otherwise deletes the leftover there and returns false. */
  private boolean isRegisteredOrGone(String path) throws Exception {
    try {
      if (AppZnode.isRegistered(client.getData().forPath(path))) {
        return true;
      }
      log.info("Replacing {}, an empty leftover of a deleted app", path);
      client.delete().deletingChildrenIfNeeded().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      log.debug("{} went away before it was read or deleted", path);
    }
    return false;
  }

  public boolean isLeader(String app) {
    AppLatch latch = app == null ? null : latches.get(app);
    return latch != null && latch.leads();
  }

  /**
   * The server id of the app's current leader, read from ZooKeeper. Empty when the app is not known here, has no
   * leader right now, or ZooKeeper cannot answer.
   */
  public Optional<String> leaderOf(String app) {
    AppLatch latch = app == null ? null : latches.get(app);
    return latch == null ? Optional.empty() : latch.leader();
  }

  /** The apps this server leads now, sorted, immutable. */
  public Set<String> ledApps() {
    return latches.entrySet().stream()
        .filter(e -> e.getValue().leads())
        .map(Map.Entry::getKey)
        .collect(Collectors.collectingAndThen(Collectors.toCollection(TreeSet::new),
            Collections::unmodifiableSortedSet));
  }

  /** The apps whose latch this server is in, sorted, immutable. */
  public Set<String> knownApps() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(latches.keySet()));
  }

  private void join(String app) {
    synchronized (lock) {
      if (state.get() != State.STARTED || latches.containsKey(app)) {
        return;
      }
      AppLatch latch = new AppLatch(client, paths.latch(app), app, serverId, listener, callbacks);
      try {
        latch.start();
        latches.put(app, latch);
      } catch (Exception e) {
        log.error("Server {} could not join the leader latch of app {}", serverId, app, e);
      }
    }
  }

  private void leave(String app) {
    synchronized (lock) {
      AppLatch latch = latches.remove(app);
      if (latch != null) {
        log.info("App {} was deleted; server {} leaves its leader latch", app, serverId);
        latch.close();
      }
    }
  }

  /** True once closed and the callback thread has ended. */
  boolean isTerminated() {
    return state.get() == State.CLOSED && callbacks.isTerminated();
  }

  /**
   * Stops watching apps, leaves every latch (each led app is handed over and reported as
   * {@code leadershipLost}), delivers the callbacks still queued and ends the callback thread. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (state.getAndSet(State.CLOSED) == State.CLOSED) {
        return;
      }
    }
    watcher.close();
    synchronized (lock) {
      latches.values().forEach(AppLatch::close);
      latches.clear();
    }
    callbacks.close();
    log.debug("Server {} left every leader latch", serverId);
  }
}
