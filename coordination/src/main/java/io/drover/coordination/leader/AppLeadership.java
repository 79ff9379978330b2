package io.drover.coordination.leader;

import io.drover.coordination.CallbackQueue;
import io.drover.coordination.Names;
import io.drover.coordination.ZkPaths;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p><b>Balance.</b> A latch alone makes the oldest server lead everything, so each server also watches the live
 * servers ({@code servers/}), the drain marks ({@code drain/}) and the latch queues and pins of every app, and
 * gives back what it should not lead: apps pinned to another live server, everything while it is drained, and its
 * leadership above its fair share, {@code ceil(unpinned apps / live servers)} (never at the share). A give-back
 * leaves the app's latch and joins it again at the back of the queue; the servers queued between the leader and the
 * intended receiver step back first, so that an app moves once, straight to a server under its share. See
 * {@link BalancePlan} for the rules and {@link LeadershipControl} for pins and drains.
 *
 * <p><b>Callbacks.</b> {@link LeadershipListener} calls run on one dedicated thread per instance, in order, never
 * concurrently and never under a lock of this class. SUSPENDED and LOST connections make every latch report
 * {@code leadershipLost} (the client must use the standard connection-state error policy, checked here); after
 * RECONNECTED the latches check again and report {@code leadershipGained} where they still lead. When this server
 * gives an app back (balance, pin, drain, close), the listener is told {@code leadershipLost} and has returned from
 * it (or 5 s have passed) before this server's latch znode is deleted, so the next leader cannot start before.
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
  private final CallbackQueue callbacks;
  private final LeadershipControl control;
  private final AppLatches latches;
  private final Rebalancer rebalancer;
  private final AppWatcher apps;
  private final ChildNames servers;
  private final ChildNames drains;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  /**
   * @throws IllegalArgumentException on an invalid server id, or a client whose connection-state error policy
   *     does not treat SUSPENDED as an error (leadership would then outlive a suspended connection)
   */
  public AppLeadership(CuratorFramework client, ZkPaths paths, String serverId, LeadershipListener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.serverId = Names.requireServerId(serverId);
    Objects.requireNonNull(listener, "listener");
    if (!client.getConnectionStateErrorPolicy().isErrorState(ConnectionState.SUSPENDED)) {
      throw new IllegalArgumentException("server " + serverId + ": the Curator client must use the standard "
          + "connection-state error policy (SUSPENDED drops leadership); it uses "
          + client.getConnectionStateErrorPolicy().getClass().getName());
    }
    this.callbacks = new CallbackQueue("drover-leadership-" + serverId);
    this.control = new LeadershipControl(client, paths);
    this.latches = new AppLatches(client, paths, serverId, listener, callbacks, this::rebalance);
    this.apps = new AppWatcher(client, paths.apps(), latches::appAdded, latches::appRemoved, this::rebalance);
    this.servers = new ChildNames(client, paths.servers(), this::rebalance);
    this.drains = new ChildNames(client, paths.drains(), this::rebalance);
    this.rebalancer = new Rebalancer(serverId, latches, this::snapshot,
        () -> client.getZookeeperClient().isConnected());
  }

  /**
   * Loads the live servers and drain marks, starts watching {@code apps/} and joins the latch of every app there
   * (unless this server is drained), each step waiting for its initial load; then starts balancing.
   */
  public void start() throws Exception {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("leadership of server " + serverId + " was already started");
    }
    long timeoutMs = client.getZookeeperClient().getConnectionTimeoutMs();
    try {
      servers.start(timeoutMs);
      drains.start(timeoutMs);
      latches.startDrained(drains.contains(serverId));
      if (latches.isDrained()) {
        log.info("Server {} starts drained: it leads no app until {} is deleted", serverId,
            paths.drain(serverId));
      }
      apps.start(timeoutMs);
      rebalancer.start();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    log.debug("Server {} watches apps under {}", serverId, paths.apps());
  }

  private void rebalance() {
    if (state.get() == State.STARTED) {
      rebalancer.trigger();
    }
  }

  private LeadershipSnapshot snapshot() {
    AppWatcher.AppTree tree = apps.tree();
    return new LeadershipSnapshot(tree.apps(), tree.queues(), servers.names(), drains.names(), tree.pins());
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
    return latches.leads(app);
  }

  /**
   * The server id of the app's current leader, read from ZooKeeper. Empty when the app is not known here, has no
   * leader right now, or ZooKeeper cannot answer (logged at DEBUG).
   */
  public Optional<String> leaderOf(String app) {
    if (!latches.knows(app)) {
      return Optional.empty();
    }
    try {
      return control.leaderOf(app);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      log.debug("Server {}: cannot read the leader of app {}: {}", serverId, app, e.toString());
      return Optional.empty();
    }
  }

  /** The apps this server leads now, sorted, immutable. */
  public Set<String> ledApps() {
    return Collections.unmodifiableSortedSet(latches.led());
  }

  /**
   * The registered apps this server knows of, sorted, immutable. It takes part in the latch of each, except while
   * it is drained.
   */
  public Set<String> knownApps() {
    return Collections.unmodifiableSortedSet(latches.known());
  }

  /**
   * The leader of every registered app that has one now (app to server id, sorted by app, immutable), read from
   * the latch participants in ZooKeeper, not from this server's view.
   */
  public Map<String, String> leaders() throws Exception {
    return control.leaders();
  }

  /** Pins a registered app to a server: see {@link LeadershipControl#pin}. */
  public void pin(String app, String serverId) throws Exception {
    control.pin(app, serverId);
  }

  /** Removes the app's pin, if any. */
  public void unpin(String app) throws Exception {
    control.unpin(app);
  }

  /** The server the app is pinned to (live or not); empty when it is not pinned. */
  public Optional<String> pinOf(String app) throws Exception {
    return control.pinOf(app);
  }

  /** Marks a server drained: it gives back every app and leads none until undrained. Idempotent. */
  public void drain(String serverId) throws Exception {
    control.drain(serverId);
  }

  /** Removes a server's drain mark; it joins every latch again and takes its share back. Idempotent. */
  public void undrain(String serverId) throws Exception {
    control.undrain(serverId);
  }

  /** Whether the server is marked drained in ZooKeeper. */
  public boolean isDrained(String serverId) throws Exception {
    return control.isDrained(serverId);
  }

  /** True once closed and the callback and balance threads have ended. */
  boolean isTerminated() {
    return state.get() == State.CLOSED && callbacks.isTerminated() && rebalancer.isTerminated();
  }

  /**
   * Stops balancing and watching, hands every led app over (the listener hears {@code leadershipLost} before the
   * next server can lead it), leaves every latch, delivers the callbacks still queued and ends the callback
   * thread. Idempotent.
   */
  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    rebalancer.close();
    apps.close();
    drains.close();
    servers.close();
    latches.close();
    callbacks.close();
    log.debug("Server {} left every leader latch", serverId);
  }
}
