package io.drover.worker;

import io.drover.protocol.Challenge;
import io.drover.protocol.Envelope;
import io.drover.protocol.Goodbye;
import io.drover.protocol.Hello;
import io.drover.protocol.HelloProof;
import io.drover.protocol.ProtocolPipeline;
import io.drover.protocol.Redirect;
import io.drover.protocol.Reject;
import io.drover.protocol.Welcome;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection to the leader of the worker's app. Tries the servers in order, answers each connection's
 * CHALLENGE with a HELLO that proves the app secret, follows REDIRECTs, waits after REJECTs, heartbeats once
 * WELCOMEd, and reconnects with backoff whenever the connection ends, until closed. All connection work happens on
 * one event loop thread; {@link #awaitConnected}, {@link #connectedServer} and {@link #close} may be called from any
 * thread.
 */
final class Connector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Connector.class);
  private static final String IDLE = "idle";
  private static final long DEFAULT_HEARTBEAT_MS = 5_000;
  /** A welcomed connection whose writes have not completed for this many heartbeat intervals is closed. */
  private static final int WRITE_IDLE_HEARTBEATS = 3;
  /** Connect failures after this many in a row are logged at DEBUG, except one in every this many. */
  private static final int QUIET_AFTER_FAILURES = 20;
  /** The reason in the GOODBYE a closing worker sends. */
  static final String GOODBYE_REASON = "shutdown";

  /** Where the connection is. Moves only forward to CLOSED, which is final. */
  enum State { LATENT, CONNECTING, HANDSHAKING, CONNECTED, WAITING, CLOSED }

  private final WorkerConfig config;
  private final Tuning tuning;
  private final AttemptRunner runner;
  private final ReportOutbox outbox;
  private final LogBuffer logs;
  private final EpochFence fence;
  private final MapRelay relay;
  /** The HMAC key of the app secret, or null when the worker has none. */
  private final byte[] proofKey;
  private final WorkerThreads threads;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Bootstrap bootstrap;

  private final Object monitor = new Object();
  private State state = State.LATENT;
  private ServerAddress welcomedBy;

  // Confined to the event loop.
  private final ServerRotation rotation;
  private final Backoff backoff;
  private final RejectionLog rejections;
  private Channel channel;
  private ScheduledFuture<?> pendingConnect;
  private ScheduledFuture<?> heartbeats;
  private long nextDelayMs = -1;
  private int redirectsInRow;
  private int failuresInRow;

  Connector(WorkerConfig config, AttemptRunner runner, ReportOutbox outbox, LogBuffer logs, EpochFence fence,
            Clock clock, MapRelay relay) {
    this.relay = relay;
    this.config = config;
    this.tuning = config.tuning();
    this.runner = runner;
    this.outbox = outbox;
    this.logs = logs;
    this.fence = fence;
    this.proofKey = config.hasSecret() ? HelloProof.keyOf(config.secret()) : null;
    this.rejections = new RejectionLog(clock);
    this.rotation = new ServerRotation(config.servers());
    this.backoff = new Backoff(tuning.backoffMinMs(), tuning.backoffMaxMs());
    this.threads = new WorkerThreads(config.threadNamePrefix() + "io-", true);
    this.group = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
    this.loop = group.next();
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, tuning.connectTimeoutMs()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
  }

  /** Starts connecting in the background. */
  void start() {
    loop.execute(this::connectNext);
  }

  MapRelay relay() {
    return relay;
  }

  long handshakeTimeoutMs() {
    return tuning.handshakeTimeoutMs();
  }

  long challengeTimeoutMs() {
    return tuning.connectTimeoutMs();
  }

  static long heartbeatIntervalMs(Welcome w) {
    return w.heartbeatIntervalMs() > 0 ? w.heartbeatIntervalMs() : DEFAULT_HEARTBEAT_MS;
  }

  static long writeIdleTimeoutMs(Welcome w) {
    return WRITE_IDLE_HEARTBEATS * heartbeatIntervalMs(w);
  }

  // ---- called from any thread

  boolean awaitConnected(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (state != State.CONNECTED) {
        long left = deadline - System.nanoTime();
        if (state == State.CLOSED || left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  Optional<String> connectedServer() {
    synchronized (monitor) {
      return state == State.CONNECTED ? Optional.of(welcomedBy.toString()) : Optional.empty();
    }
  }

  State state() {
    synchronized (monitor) {
      return state;
    }
  }

  private boolean move(State to, ServerAddress server) {
    synchronized (monitor) {
      if (state == State.CLOSED) {
        return false;
      }
      state = to;
      welcomedBy = server;
      monitor.notifyAll();
      return true;
    }
  }

  private boolean closed() {
    return state() == State.CLOSED;
  }

  // ---- event loop: connecting

  private void connectNext() {
    pendingConnect = null;
    if (closed()) {
      return;
    }
    ServerAddress target = rotation.next();
    move(State.CONNECTING, null);
    log.debug("Worker {} connecting to {}", config.workerId(), target);
    ChannelFuture f = bootstrap.clone().handler(initializer(target)).connect(target.host(), target.port());
    channel = f.channel();
    f.addListener((ChannelFuture done) -> {
      if (!done.isSuccess()) {
        connectFailed(done.channel(), target, done.cause());
      }
    });
  }

  private ChannelInitializer<SocketChannel> initializer(ServerAddress target) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ProtocolPipeline.install(ch.pipeline(), tuning.maxBodyBytes());
        ch.pipeline().addLast(IDLE, new IdleStateHandler(challengeTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS));
        ch.pipeline().addLast("server", new ServerHandler(Connector.this, runner, target));
      }
    };
  }

  private void connectFailed(Channel ch, ServerAddress target, Throwable cause) {
    if (ch != channel) {
      return;
    }
    channel = null;
    if (closed()) {
      return;
    }
    failuresInRow++;
    if (failuresInRow <= config.servers().size() || failuresInRow % QUIET_AFTER_FAILURES == 0) {
      log.info("Worker {} cannot connect to {} ({} failures in a row): {}", config.workerId(), target,
          failuresInRow, cause.getMessage());
    } else {
      log.debug("Worker {} cannot connect to {}: {}", config.workerId(), target, cause.getMessage());
    }
    scheduleConnect(backoff.next());
  }

  private void scheduleConnect(long delayMs) {
    if (closed() || pendingConnect != null) {
      return;
    }
    move(State.WAITING, null);
    pendingConnect = loop.schedule(this::connectNext, delayMs, TimeUnit.MILLISECONDS);
  }

  // ---- event loop: called by ServerHandler

  /** The TCP connection is open: the server's CHALLENGE comes next. */
  void connected(Channel ch, ServerAddress server) {
    move(State.HANDSHAKING, null);
    log.debug("Worker {} connected to {}; waiting for its CHALLENGE", config.workerId(), server);
  }

  /** The server challenged the connection: the HELLO to answer with, proving the app secret when there is one. */
  Hello challenged(Channel ch, ServerAddress server, Challenge c) {
    ch.pipeline().replace(IDLE, IDLE, new IdleStateHandler(tuning.handshakeTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS));
    log.info("Worker {} connected to {}; saying HELLO{}", config.workerId(), server,
        proofKey == null ? " (no app secret configured)" : "");
    String proof = proofKey == null ? null : HelloProof.compute(proofKey, c.nonce(), config.app(), config.workerId());
    return new Hello(config.app(), config.workerId(), config.address(), config.labels(), config.capacity(),
        runner.runningInstanceIds(), proof, runner.runningAttempts());
  }

  void welcomed(Channel ch, ServerAddress server, Welcome w) {
    if (ch != channel || closed()) {
      ch.close();
      return;
    }
    fence.observe(w.epoch());
    backoff.reset();
    redirectsInRow = 0;
    failuresInRow = 0;
    rejections.welcomed();
    long interval = heartbeatIntervalMs(w);
    ch.pipeline().replace(IDLE, IDLE, new IdleStateHandler(0, writeIdleTimeoutMs(w), 0, TimeUnit.MILLISECONDS));
    heartbeats = ch.eventLoop().scheduleAtFixedRate(() -> heartbeat(ch), interval, interval, TimeUnit.MILLISECONDS);
    move(State.CONNECTED, server);
    log.info("Worker {} of app {} welcomed by server {} at {} (epoch {}, heartbeat every {} ms)",
        config.workerId(), config.app(), w.serverId(), server, w.epoch(), interval);
    logs.attach(ch);
    outbox.attach(ch);
    relay.attach(ch);
  }

  /** Sends a heartbeat now (the worker started draining: the server should stop choosing it at once). */
  void heartbeatNow() {
    Channel ch = channel;
    if (ch != null && heartbeats != null) {
      ch.eventLoop().execute(() -> heartbeat(ch));
    }
  }

  private void heartbeat(Channel ch) {
    if (ch.isActive()) {
      ch.writeAndFlush(Envelope.of(runner.heartbeat()));
    }
  }

  void redirected(ServerAddress from, Redirect r) {
    redirectsInRow++;
    ServerAddress target;
    try {
      target = new ServerAddress(r.host(), r.port());
    } catch (IllegalArgumentException e) {
      log.warn("Server {} sent an unusable REDIRECT ({}:{}): {}", from, r.host(), r.port(), e.getMessage());
      nextDelayMs = backoff.next();
      return;
    }
    if (redirectsInRow > tuning.maxRedirects()) {
      log.warn("Worker {} followed {} redirects in a row without a WELCOME (last: {} to {}); going back to the "
          + "server list", config.workerId(), tuning.maxRedirects(), from, target);
      redirectsInRow = 0;
      nextDelayMs = backoff.next();
      return;
    }
    log.info("Server {} redirects worker {} to leader {} at {}", from, config.workerId(), r.leaderId(), target);
    rotation.redirectTo(target);
    nextDelayMs = 0;
  }

  /**
   * A REJECT: retried soon when retryable; otherwise (authentication failed, unknown app) with the usual backoff,
   * at least {@link Tuning#fatalRejectDelayMs()}, since an operator may fix it on the server side at any time.
   */
  void rejected(ServerAddress server, Reject r) {
    nextDelayMs = r.retryable() ? tuning.retryableRejectDelayMs()
        : Math.max(tuning.fatalRejectDelayMs(), backoff.next());
    rejections.rejected(server, config.workerId(), config.app(), r, nextDelayMs);
  }

  void disconnected(Channel ch, ServerAddress server, boolean wasWelcomed) {
    logs.detach(ch);
    outbox.detach(ch);
    relay.detach(ch);
    if (ch != channel) {
      return;
    }
    channel = null;
    if (heartbeats != null) {
      heartbeats.cancel(false);
      heartbeats = null;
    }
    if (closed()) {
      return;
    }
    if (wasWelcomed) {
      log.info("Worker {} disconnected from {}; reconnecting", config.workerId(), server);
    }
    long delay = nextDelayMs >= 0 ? nextDelayMs : backoff.next();
    nextDelayMs = -1;
    scheduleConnect(delay);
  }

  // ---- closing

  /**
   * Sends the waiting log lines and says GOODBYE on a welcomed connection, closes it, stops reconnecting and shuts
   * the event loop down.
   */
  @Override
  public void close() {
    boolean wasConnected;
    synchronized (monitor) {
      if (state == State.CLOSED) {
        return;
      }
      wasConnected = state == State.CONNECTED;
      state = State.CLOSED;
      welcomedBy = null;
      monitor.notifyAll();
    }
    if (!loop.isShuttingDown()) {
      Future<ChannelFuture> closing = loop.submit(() -> closeOnLoop(wasConnected));
      boolean done = closing.awaitUninterruptibly(tuning.closeTimeoutMs())
          && (closing.getNow() == null || closing.getNow().awaitUninterruptibly(tuning.closeTimeoutMs()));
      if (!done) {
        log.warn("Worker {}: closing the connection took longer than {} ms", config.workerId(),
            tuning.closeTimeoutMs());
      }
    }
    group.shutdownGracefully(0, tuning.closeTimeoutMs(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    if (!threads.awaitAllEnded(tuning.closeTimeoutMs())) {
      log.warn("Worker {}: the I/O thread did not end within {} ms", config.workerId(), tuning.closeTimeoutMs());
    }
  }

  /**
   * Stops reconnecting and heartbeats; when welcomed, sends the waiting log lines and says GOODBYE; closes. Returns
   * the channel's close future, or null when there was no channel.
   */
  private ChannelFuture closeOnLoop(boolean welcomed) {
    if (pendingConnect != null) {
      pendingConnect.cancel(false);
      pendingConnect = null;
    }
    if (heartbeats != null) {
      heartbeats.cancel(false);
      heartbeats = null;
    }
    Channel ch = channel;
    channel = null;
    if (ch == null) {
      return null;
    }
    if (welcomed) {
      logs.flush();
    }
    logs.detach(ch);
    outbox.detach(ch);
    relay.detach(ch);
    if (welcomed && ch.isActive()) {
      ch.writeAndFlush(Envelope.of(new Goodbye(GOODBYE_REASON))).addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
    return ch.closeFuture();
  }
}
