package io.drover.scheduler.dispatch;

import io.drover.protocol.Ack;
import io.drover.protocol.Envelope;
import io.drover.protocol.Goodbye;
import io.drover.protocol.Heartbeat;
import io.drover.protocol.Hello;
import io.drover.protocol.Message;
import io.drover.protocol.Report;
import io.drover.protocol.Welcome;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server side of one worker connection: HELLO first, then heartbeats, acks and reports. */
final class WorkerChannelHandler extends SimpleChannelInboundHandler<Envelope> {
  private static final Logger log = LoggerFactory.getLogger(WorkerChannelHandler.class);

  private final String serverId;
  private final WorkerGateway gateway;
  private final WorkerRegistry registry;
  private final LongSupplier clock;
  private final long heartbeatIntervalMs;
  private WorkerSession session;
  private AppLink link;

  WorkerChannelHandler(String serverId, WorkerGateway gateway, WorkerRegistry registry, LongSupplier clock,
                       long heartbeatIntervalMs) {
    this.serverId = serverId;
    this.gateway = gateway;
    this.registry = registry;
    this.clock = clock;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Envelope env) {
    Message m = env.message();
    if (session == null) {
      if (m instanceof Hello hello) {
        hello(ctx, env.requestId(), hello);
      } else {
        refuse(ctx, "expected HELLO first, got " + env.type());
      }
      return;
    }
    if (m instanceof Heartbeat hb) {
      session.heartbeat(hb.load(), clock.getAsLong());
    } else if (m instanceof Report r) {
      link.report(session, r);
    } else if (m instanceof Ack a) {
      link.ack(session, a);
    } else if (m instanceof Goodbye g) {
      log.info("Worker {} said goodbye: {}", session, g.reason());
      ctx.close();
    } else {
      refuse(ctx, "unexpected " + env.type() + " from a worker");
    }
  }

  private void hello(ChannelHandlerContext ctx, long requestId, Hello hello) {
    if (hello.app() == null || hello.workerId() == null || hello.workerId().isBlank()) {
      refuse(ctx, "HELLO without app or worker id");
      return;
    }
    Admission admission = gateway.admit(hello);
    if (admission.link() == null) {
      log.debug("Worker {} of app {} not admitted: {}", hello.workerId(), hello.app(), admission.refusal());
      ctx.writeAndFlush(new Envelope(requestId, admission.refusal())).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    link = admission.link();
    session = new WorkerSession(hello, ctx.channel(), clock.getAsLong());
    WorkerSession replaced = registry.add(session);
    if (replaced != null) {
      log.info("Worker {} reconnected; closing its previous connection", session);
      link.detached(replaced);
      replaced.close();
    }
    ctx.writeAndFlush(new Envelope(requestId, new Welcome(serverId, link.epoch(), heartbeatIntervalMs)));
    log.info("Worker {} joined app {} (capacity {}, labels {})", session.workerId(), session.app(),
        session.capacity(), session.labels());
    link.attached(session);
  }

  private void refuse(ChannelHandlerContext ctx, String reason) {
    log.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      refuse(ctx, (session == null ? "no HELLO" : "no heartbeat from worker " + session.workerId())
          + " within the idle timeout");
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (session != null && registry.remove(session)) {
      log.info("Worker {} left app {}", session.workerId(), session.app());
      link.detached(session);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    refuse(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }
}
