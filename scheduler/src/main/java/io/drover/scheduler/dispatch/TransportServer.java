package io.drover.scheduler.dispatch;

import io.drover.protocol.ProtocolPipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The port workers connect to: one long-lived framed TCP connection per worker. */
public final class TransportServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransportServer.class);

  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
  private final Channel channel;
  private boolean closed;

  /**
   * Binds and starts serving.
   *
   * @param keys the keys workers prove in HELLO, by app
   * @param logs where instance log lines from workers go
   * @param idleTimeoutMs a connection that sends nothing for this long is closed
   */
  public TransportServer(String host, int port, String serverId, WorkerGateway gateway, WorkerRegistry registry,
                         AppKeys keys, LogSink logs, LongSupplier clock, long heartbeatIntervalMs,
                         long idleTimeoutMs, int maxFrameBytes) {
    TransportContext tc = new TransportContext(serverId, gateway, registry, keys, logs, clock,
        heartbeatIntervalMs);
    try {
      channel = new ServerBootstrap()
          .group(boss, io)
          .channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ProtocolPipeline.install(ch.pipeline(), maxFrameBytes);
              ch.pipeline().addLast("idle", new IdleStateHandler(idleTimeoutMs, 0, 0, TimeUnit.MILLISECONDS));
              ch.pipeline().addLast("worker", new WorkerChannelHandler(tc));
            }
          })
          .bind(host, port).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("cannot bind the transport port " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
    log.info("Transport listening on {}", channel.localAddress());
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
