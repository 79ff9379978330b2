package io.drover.scheduler.dispatch;

import io.drover.protocol.Envelope;
import io.drover.protocol.Hello;
import io.drover.protocol.Message;
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
  private final long connectedAt;
  private final List<Long> runningAtHello;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastHeartbeatAt;
  private volatile double load;

  public WorkerSession(Hello hello, Channel channel, long now) {
    this.workerId = hello.workerId();
    this.app = hello.app();
    this.address = hello.address();
    this.labels = hello.labels();
    this.capacity = Math.max(1, hello.capacity());
    this.channel = channel;
    this.connectedAt = now;
    this.lastHeartbeatAt = now;
    this.runningAtHello = hello.running();
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

  /** Free slots as this server counts them. */
  public int available() {
    return capacity - inFlight.get();
  }

  /** Takes a slot if one is free; the caller must {@link #release()} it when the attempt ends or is refused. */
  boolean tryReserve() {
    while (true) {
      int n = inFlight.get();
      if (n >= capacity) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    inFlight.updateAndGet(n -> Math.max(0, n - 1));
  }

  void heartbeat(double load, long now) {
    this.load = load;
    this.lastHeartbeatAt = now;
  }

  public boolean open() {
    return channel.isActive();
  }

  ChannelFuture send(Message message) {
    return channel.writeAndFlush(Envelope.of(message));
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
