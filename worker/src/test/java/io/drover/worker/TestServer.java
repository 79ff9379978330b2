package io.drover.worker;

import static org.awaitility.Awaitility.await;

import io.drover.protocol.Challenge;
import io.drover.protocol.Envelope;
import io.drover.protocol.Hello;
import io.drover.protocol.HelloProof;
import io.drover.protocol.Message;
import io.drover.protocol.MessageBodies;
import io.drover.protocol.MessageType;
import io.drover.protocol.ProtocolPipeline;
import io.drover.protocol.Redirect;
import io.drover.protocol.Reject;
import io.drover.protocol.Welcome;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A fake Drover server on a free loopback port: sends a CHALLENGE with a fresh nonce on every new connection (unless
 * told not to), records every envelope a worker sends, answers HELLO as told (WELCOME by default; REDIRECT and
 * REJECT close the connection afterwards, as the real server does), and sends whatever a test asks to the latest
 * connection. With {@link #requireSecret} it checks HELLO proofs first and REJECTs a bad one as the real server
 * does.
 */
final class TestServer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String AUTH_FAILED = "authentication failed";

  /** One envelope received, with the connection it came on. */
  record Received(Channel channel, Envelope envelope) {
    Message message() {
      return envelope.message();
    }
  }

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final List<Channel> clients = new CopyOnWriteArrayList<>();
  private final Map<Channel, String> nonces = new ConcurrentHashMap<>();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private volatile Function<Hello, Message> onHello = h -> welcome(1);
  private volatile boolean challenging = true;
  private volatile byte[] secretKey;

  static {
    // The first nonce (seeding SecureRandom) and the first frame (Jackson) are slow; a worker waiting for its
    // CHALLENGE under a short timeout should not pay for them.
    MessageBodies.read(MessageType.CHALLENGE, MessageBodies.write(new Challenge(HelloProof.newNonce(), "warm-up")));
  }

  TestServer() {
    server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ProtocolPipeline.install(ch.pipeline(), 1 << 20);
            ch.pipeline().addLast(new Handler());
          }
        })
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
  }

  static Welcome welcome(long epoch) {
    return new Welcome("test-server", epoch, 100);
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  /** Whether new connections get a CHALLENGE (default true); without one a worker waits, then leaves. */
  void challenging(boolean on) {
    this.challenging = on;
  }

  /** From now on a HELLO whose proof does not verify against this secret is REJECTed as not retryable. */
  void requireSecret(String secret) {
    this.secretKey = secret == null ? null : HelloProof.keyOf(secret);
  }

  /** The nonce this server challenged the connection with, or null. */
  String nonceOf(Channel ch) {
    return nonces.get(ch);
  }

  /** True when the HELLO received proves the secret against its connection's challenge. */
  boolean proves(Received hello, String secret) {
    Hello h = (Hello) hello.message();
    return HelloProof.verify(HelloProof.keyOf(secret), nonceOf(hello.channel()), h.app(), h.workerId(), h.proof());
  }

  /** How to answer the next HELLOs; a null answer leaves the worker waiting. */
  void onHello(Function<Hello, Message> answer) {
    this.onHello = answer;
  }

  /** The most recent connection from a worker. */
  Channel latest() {
    await().atMost(WAIT).until(() -> !clients.isEmpty());
    return clients.get(clients.size() - 1);
  }

  int connections() {
    return clients.size();
  }

  void send(long requestId, Message m) {
    latest().writeAndFlush(new Envelope(requestId, m)).syncUninterruptibly();
  }

  void send(Message m) {
    send(0, m);
  }

  void sendRaw(byte[] bytes) {
    latest().writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
  }

  /** Closes every connection from the server side. */
  void dropClients() {
    for (Channel c : clients) {
      c.close().syncUninterruptibly();
    }
  }

  <T extends Message> List<T> all(Class<T> type) {
    return received.stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
  }

  <T extends Message> Optional<Received> find(Class<T> type, Predicate<T> p) {
    return received.stream().filter(r -> type.isInstance(r.message()) && p.test(type.cast(r.message())))
        .findFirst();
  }

  /** Waits for the first message of the type that matches, received at any time. */
  <T extends Message> Received expectReceived(Class<T> type, Predicate<T> p) {
    return await().atMost(WAIT).until(() -> find(type, p), Optional::isPresent).orElseThrow();
  }

  <T extends Message> T expect(Class<T> type, Predicate<T> p) {
    return type.cast(expectReceived(type, p).message());
  }

  <T extends Message> T expect(Class<T> type) {
    return expect(type, m -> true);
  }

  /** The position of a received envelope, to check order. */
  int indexOf(Received r) {
    return List.copyOf(received).indexOf(r);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    for (Channel c : clients) {
      c.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<Envelope> {
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      clients.add(ctx.channel());
      if (challenging) {
        String nonce = HelloProof.newNonce();
        nonces.put(ctx.channel(), nonce);
        ctx.writeAndFlush(Envelope.of(new Challenge(nonce, "test-server")));
      }
      super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope env) {
      received.add(new Received(ctx.channel(), env));
      if (env.message() instanceof Hello h) {
        byte[] key = secretKey;
        Message answer = key != null && !HelloProof.verify(key, nonces.get(ctx.channel()), h.app(), h.workerId(),
            h.proof()) ? new Reject(AUTH_FAILED, false) : onHello.apply(h);
        if (answer == null) {
          return;
        }
        var written = ctx.writeAndFlush(new Envelope(env.requestId(), answer));
        if (answer instanceof Redirect || answer instanceof Reject) {
          written.addListener(ChannelFutureListener.CLOSE);
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
