package io.drover.scheduler.it;

import io.drover.protocol.Envelope;
import io.drover.protocol.Message;
import io.drover.protocol.ProtocolPipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A hand-driven connection to a server's transport port: sends frames or raw bytes, collects what comes back. */
final class RawClient implements AutoCloseable {
  private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  private final Channel channel;
  private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();

  RawClient(int port) {
    channel = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ProtocolPipeline.install(ch.pipeline(), 1 << 20);
            ch.pipeline().addLast(new SimpleChannelInboundHandler<Envelope>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, Envelope env) {
                received.add(env);
              }
            });
          }
        })
        .connect("127.0.0.1", port).syncUninterruptibly().channel();
  }

  void send(Message m) {
    channel.writeAndFlush(new Envelope(1, m)).syncUninterruptibly();
  }

  void sendRaw(byte[] bytes) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).awaitUninterruptibly();
    }
  }

  /** The next message of the given type, skipping none; fails when something else or nothing comes. */
  <T extends Message> T expect(Class<T> type) throws InterruptedException {
    Envelope env = received.poll(10, TimeUnit.SECONDS);
    if (env == null) {
      throw new AssertionError("nothing received, expected " + type.getSimpleName());
    }
    if (!type.isInstance(env.message())) {
      throw new AssertionError("expected " + type.getSimpleName() + ", got " + env.message());
    }
    return type.cast(env.message());
  }

  /** Everything received so far. */
  java.util.List<Envelope> drained() {
    java.util.List<Envelope> out = new java.util.ArrayList<>();
    received.drainTo(out);
    return out;
  }

  boolean awaitClosed(long ms) {
    return channel.closeFuture().awaitUninterruptibly(ms);
  }

  boolean open() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
