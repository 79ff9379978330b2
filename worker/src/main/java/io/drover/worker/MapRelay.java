package io.drover.worker;

import io.drover.protocol.Dispatch;
import io.drover.protocol.Envelope;
import io.drover.protocol.Members;
import io.drover.protocol.Message;
import io.drover.protocol.Stop;
import io.drover.protocol.SubtaskBatch;
import io.drover.protocol.SubtaskResults;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the frames of map instances meet on a worker: subtasks and results go to the local runner or coordinator
 * when this worker is the other end, else over the connection to the leader, which relays them to the worker they
 * name. Keeps the app's connected workers as the leader last announced them. Thread-safe.
 */
final class MapRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MapRelay.class);

  /** Identifies an attempt of an instance. */
  record Key(long instanceId, int attempt) {}

  private final String selfId;
  private final int selfCapacity;
  private final MapSettings settings;
  private final WorkerThreads threads;
  private final Map<Key, MapCoordinator> coordinators = new ConcurrentHashMap<>();
  private volatile SubtaskRunner runner;
  private volatile Channel channel;
  private volatile boolean everAttached;
  private volatile Members members;

  MapRelay(String selfId, int selfCapacity, MapSettings settings, WorkerThreads threads) {
    this.selfId = selfId;
    this.selfCapacity = selfCapacity;
    this.settings = settings;
    this.threads = threads;
    this.members = new Members(List.of(new Members.Member(selfId, selfCapacity)));
  }

  void bind(SubtaskRunner runner) {
    this.runner = runner;
  }

  String selfId() {
    return selfId;
  }

  MapSettings settings() {
    return settings;
  }

  Members members() {
    return members;
  }

  /**
   * A connection was welcomed. After a reconnect, results sent to this worker meanwhile may be lost (they went to a
   * connection that closed, or to a former leader), so the coordinators here send their unfinished subtasks again.
   */
  void attach(Channel ch) {
    boolean reconnected = everAttached;
    everAttached = true;
    channel = ch;
    if (reconnected) {
      coordinators.values().forEach(c -> c.offer(MapCoordinator.RECONNECTED));
    }
  }

  void detach(Channel ch) {
    if (channel == ch) {
      channel = null;
    }
  }

  /** Sends a frame to the leader; false when not connected (the leader then counts this worker as lost). */
  boolean toServer(Message m) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      log.debug("Not connected: dropping {} (the leader fails over what this worker held)", m.type());
      return false;
    }
    ch.writeAndFlush(Envelope.of(m));
    return true;
  }

  void send(SubtaskBatch b) {
    if (b.target().equals(selfId)) {
      runner.accept(b);
    } else {
      toServer(b);
    }
  }

  void send(SubtaskResults r) {
    if (r.coordinator().equals(selfId)) {
      onResults(r);
    } else {
      toServer(r);
    }
  }

  /** Starts coordinating the root task of a map attempt this worker runs. */
  MapCoordinator coordinate(Dispatch d) {
    MapCoordinator c = new MapCoordinator(d, this, threads);
    MapCoordinator before = coordinators.put(new Key(d.instanceId(), d.attempt()), c);
    if (before != null) {
      before.close();
    }
    c.start();
    return c;
  }

  void removed(MapCoordinator c, long instanceId, int attempt) {
    coordinators.remove(new Key(instanceId, attempt), c);
  }

  // ---- frames from the leader (event loop)

  void onBatch(SubtaskBatch b) {
    runner.accept(b);
  }

  void onResults(SubtaskResults r) {
    MapCoordinator c = coordinators.get(new Key(r.instanceId(), r.attempt()));
    if (c == null) {
      log.debug("Results of instance {} attempt {} from {}: not coordinated here (any more)", r.instanceId(),
          r.attempt(), r.worker());
      return;
    }
    c.offer(r);
  }

  void onMembers(Members m) {
    boolean self = m.workers().stream().anyMatch(w -> w.id().equals(selfId));
    members = self ? m : new Members(java.util.stream.Stream.concat(m.workers().stream(),
        java.util.stream.Stream.of(new Members.Member(selfId, selfCapacity))).toList());
    coordinators.values().forEach(c -> c.offer(members));
  }

  /** A STOP: the subtasks of that attempt that run here stop (the root task is stopped by the attempt runner). */
  void onStop(Stop s) {
    SubtaskRunner r = runner;
    if (r != null) {
      r.stop(s.instanceId(), s.attempt());
    }
  }

  @Override
  public void close() {
    coordinators.values().forEach(MapCoordinator::close);
  }
}
