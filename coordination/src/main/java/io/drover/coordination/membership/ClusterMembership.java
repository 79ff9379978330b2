package io.drover.coordination.membership;

import io.drover.coordination.ZkPaths;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's membership of the cluster: it registers itself as an EPHEMERAL znode {@code servers/{id}}
 * (JSON of {@link ServerInfo}) that comes back after a session expiry, watches the other servers, and holds a
 * node index unique among live servers.
 *
 * <p>Start order: registration, node index, server list; {@link #close()} undoes them in reverse.
 * {@link MembershipListener}s are called on one dedicated thread, in order.
 */
public final class ClusterMembership implements AutoCloseable {

  private enum State { LATENT, STARTED, CLOSED }

  private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

  private final CuratorFramework client;
  private final ZkPaths paths;
  private final ServerInfo self;
  private final ServerRegistration registration;
  private final NodeIndexAllocator nodeIndex;
  private final ServerDirectory directory;
  private final MembershipNotifier notifier;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private volatile boolean registered;

  public ClusterMembership(CuratorFramework client, ZkPaths paths, ServerInfo self) {
    this.client = Objects.requireNonNull(client, "client");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.self = Objects.requireNonNull(self, "self");
    this.registration = new ServerRegistration(client, paths.server(self.id()), self);
    this.nodeIndex = new NodeIndexAllocator(client, paths.ids(), self.id());
    this.notifier = new MembershipNotifier(self.id(), this::liveServers);
    this.directory = new ServerDirectory(client, paths, notifier::refresh);
  }

  /**
   * Registers this server, allocates its node index and loads the server list.
   *
   * @throws IllegalStateException when another live server holds the same id, or when started twice
   */
  public void start() throws Exception {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("membership of server " + self.id() + " was already started");
    }
    long timeoutMs = client.getZookeeperClient().getConnectionTimeoutMs();
    try {
      registration.register(timeoutMs);
      registered = true;
      int index = nodeIndex.allocate(timeoutMs);
      directory.start(timeoutMs);
      log.info("Server {} registered at {} with node index {}", self.id(), paths.server(self.id()), index);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  public ServerInfo self() {
    return self;
  }

  /** The live servers, sorted by id (from the local cache). */
  public List<ServerInfo> liveServers() {
    return directory.liveServers();
  }

  public Optional<ServerInfo> server(String id) {
    return directory.server(id);
  }

  /** Adds a listener. Once the server list is known it is told the current list, then every change. */
  public void addListener(MembershipListener listener) {
    notifier.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * A number in {@code 0..1023} that no other live server holds, stable for the life of this membership.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public int nodeIndex() {
    return nodeIndex.index();
  }

  /** True once closed and the listener thread has ended. */
  boolean isTerminated() {
    return state.get() == State.CLOSED && notifier.isTerminated();
  }

  /** Stops watching, deletes the node index ticket and the server znode, ends the listener thread. Idempotent. */
  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    directory.close();
    closeQuietly("node index ticket", nodeIndex);
    closeQuietly("registration", registration);
    notifier.close();
    if (registered) {
      log.info("Server {} left the cluster", self.id());
    }
  }

  private void closeQuietly(String what, AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("Server {}: could not remove its {} from ZooKeeper (it goes with the session): {}",
          self.id(), what, e.toString());
    }
  }
}
