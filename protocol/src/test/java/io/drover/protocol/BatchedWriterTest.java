package io.drover.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frames written together leave in one flush, every frame arrives in order, and a later write is flushed too. */
class BatchedWriterTest {
  private EventLoopGroup group;
  private Channel server;
  private Channel client;
  private final List<Integer> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger flushes = new AtomicInteger();

  @BeforeEach
  void connect() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              private ByteBuf pending = Unpooled.buffer();

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf in = (ByteBuf) msg;
                pending.writeBytes(in);
                in.release();
                while (pending.readableBytes() >= 4) {
                  received.add(pending.readInt());
                }
                pending.discardReadBytes();
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                pending.release();
              }
            });
          }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    client = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelOutboundHandlerAdapter() {
          @Override
          public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
          }
        }).connect(server.localAddress()).sync().channel();
  }

  @AfterEach
  void close() {
    client.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aBurstOfWritesFromAnotherThreadLeavesInOneFlushAndInOrder() throws Exception {
    BatchedWriter writer = new BatchedWriter(client);
    CountDownLatch release = new CountDownLatch(1);
    client.eventLoop().execute(() -> hold(release)); // the burst queues up behind this task
    ChannelFuture last = null;
    for (int i = 0; i < 1_000; i++) {
      last = writer.write(Unpooled.copyInt(i));
    }
    release.countDown();
    assertThat(last.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(last.isSuccess()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1_000);
    assertThat(flushes.get()).isEqualTo(1); // the first write queued the flush behind the other 999
    for (int i = 0; i < 1_000; i++) {
      assertThat(received.get(i)).isEqualTo(i);
    }

    // a write after that flush ran, from the event loop itself this time, is flushed by a flush of its own
    client.eventLoop().execute(() -> writer.write(Unpooled.copyInt(1_000)));
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1_001);
    assertThat(received.get(1_000)).isEqualTo(1_000);
    assertThat(flushes.get()).isEqualTo(2);
  }

  @Test
  void writersOnManyThreadsLoseNothingAndKeepEachThreadsOrder() throws Exception {
    BatchedWriter writer = new BatchedWriter(client);
    int threads = 4;
    int perThread = 5_000;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      ts[t] = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          writer.write(Unpooled.copyInt(base + i));
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == threads * perThread);
    int[] next = new int[threads];
    for (int v : received) {
      int t = v / perThread;
      assertThat(v).isEqualTo(t * perThread + next[t]);
      next[t]++;
    }
    assertThat(flushes.get()).isLessThanOrEqualTo(threads * perThread);
  }

  @Test
  void aWriteToAClosedChannelFailsItsFuture() throws Exception {
    BatchedWriter writer = new BatchedWriter(client);
    client.close().sync();
    ChannelFuture f = writer.write(Unpooled.copyInt(1));
    assertThat(f.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(f.isSuccess()).isFalse();
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
