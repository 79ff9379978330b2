package io.drover.scheduler.dispatch;

import io.drover.protocol.Envelope;
import io.drover.protocol.Hello;
import io.drover.protocol.Message;
import io.drover.protocol.BatchedWriter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One connected worker, as the leader of its app sees it. */
public final class WorkerSession {
  private final String workerId;
  private final String app;
  private final String address;
  private final Map<String, String> labels;
  private final int capacity;
  private final Channel channel;
  private final BatchedWriter out;
  private final long connectedAt;
  private final List<Long> runningAtHello;
  private final List<Hello.RunningAttempt> attemptsAtHello;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastHeartbeatAt;
  private volatile double load;
  private volatile boolean refusing;
  private volatile boolean leaving;
  private volatile boolean draining;

  public WorkerSession(Hello hello, Channel channel, long now) {
    this.workerId = hello.workerId();
    this.app = hello.app();
    this.address = hello.address();
    this.labels = hello.labels();
    this.capacity = Math.max(1, hello.capacity());
    this.channel = channel;
    this.out = new BatchedWriter(channel);
    this.connectedAt = now;
    this.lastHeartbeatAt = now;
    this.runningAtHello = hello.running();
    this.attemptsAtHello = hello.attempts();
  }

  public String workerId() {
    return workerId;
  }

  public String app() {
    return app;
  }

  public String address() {
    return address;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public int capacity() {
    return capacity;
  }

  /** Instances the worker said it was running when it connected (work it claims after a leader change). */
  public List<Long> runningAtHello() {
    return runningAtHello;
  }

  /** The attempts, with their numbers, behind {@link #runningAtHello()} (empty from workers that do not say). */
  public List<Hello.RunningAttempt> attemptsAtHello() {
    return attemptsAtHello;
  }

  public long connectedAt() {
    return connectedAt;
  }

  public double load() {
    return load;
  }

  public long lastHeartbeatAt() {
    return lastHeartbeatAt;
  }

  /** Attempts this server has dispatched to the worker that have not ended. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Free slots as this server counts them (its in-flight attempts against the worker's capacity); zero while the
   * worker reports no free slot or refused an attempt, until it shows a free slot again.
   */
  public int available() {
    return refusing ? 0 : capacity - inFlight.get();
  }

  /** Connected, not draining and not leaving: may be chosen for an attempt when it has a free slot. */
  public boolean takingWork() {
    return !leaving && !draining && channel.isActive();
  }

  /** Takes a slot if one is free; the caller must {@link #release()} it when the attempt ends or is refused. */
  boolean tryReserve() {
    while (true) {
      int n = inFlight.get();
      if (n >= capacity) {
        return false;
      }
      if (refusing) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** An attempt on this worker ended: its slot is free again. */
  void release() {
    inFlight.updateAndGet(n -> Math.max(0, n - 1));
    refusing = false;
  }

  /**
   * The worker's heartbeat: its load and free slots. A worker reporting no free slot is not chosen until a slot
   * frees or a heartbeat shows one; no free slot while it runs less than its capacity means it is shutting down
   * (draining): it takes no work at all, and a job that hashes to it moves to another worker.
   */
  void heartbeat(int freeSlots, int running, double load, long now) {
    this.load = load;
    this.lastHeartbeatAt = now;
    refusing = freeSlots <= 0;
    draining = freeSlots <= 0 && running < capacity;
  }

  /** The worker refused an attempt: choose it for nothing until its next heartbeat with a free slot. */
  void refused() {
    refusing = true;
  }

  /** The worker said GOODBYE: it is going away and gets no more work. */
  void leaving() {
    leaving = true;
  }

  public boolean isLeaving() {
    return leaving;
  }

  public boolean open() {
    return channel.isActive();
  }

  /** Sends a frame to the worker, flushed together with the frames sent to it at about the same moment. */
  public ChannelFuture send(Message message) {
    return out.write(Envelope.of(message));
  }

  void close() {
    channel.close();
  }

  Channel channel() {
    return channel;
  }

  @Override
  public String toString() {
    return workerId + "@" + address + " (app " + app + ")";
  }
}
