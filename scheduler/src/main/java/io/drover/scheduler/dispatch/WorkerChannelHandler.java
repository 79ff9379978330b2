package io.drover.scheduler.dispatch;

import io.drover.protocol.Ack;
import io.drover.protocol.Challenge;
import io.drover.protocol.Envelope;
import io.drover.protocol.Goodbye;
import io.drover.protocol.Heartbeat;
import io.drover.protocol.Hello;
import io.drover.protocol.HelloProof;
import io.drover.protocol.LogBatch;
import io.drover.protocol.MapProgress;
import io.drover.protocol.SubtaskBatch;
import io.drover.protocol.SubtaskResults;
import io.drover.protocol.Message;
import io.drover.protocol.Reject;
import io.drover.protocol.Report;
import io.drover.protocol.Welcome;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one worker connection. The server opens with a CHALLENGE (a fresh nonce); the worker's HELLO
 * must carry the HMAC of that nonce under its app's key, or it is refused with REJECT and sees nothing else. Then
 * heartbeats, acks, reports and log lines, until GOODBYE or the connection drops.
 */
final class WorkerChannelHandler extends SimpleChannelInboundHandler<Envelope> {
  private static final Logger log = LoggerFactory.getLogger(WorkerChannelHandler.class);
  static final String AUTH_FAILED = "authentication failed: wrong or missing app secret";
  /** App names as the API accepts them; anything else is refused before any lookup. */
  private static final java.util.regex.Pattern APP_NAME = java.util.regex.Pattern.compile(
      "[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final TransportContext tc;
  private String nonce;
  private boolean helloSeen;
  private WorkerSession session;
  private AppLink link;

  WorkerChannelHandler(TransportContext tc) {
    this.tc = tc;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    nonce = HelloProof.newNonce();
    ctx.writeAndFlush(Envelope.of(new Challenge(nonce, tc.serverId())));
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Envelope env) {
    Message m = env.message();
    if (session == null) {
      if (helloSeen) {
        refuse(ctx, "sent " + env.type() + " before its HELLO was answered");
      } else if (m instanceof Hello hello) {
        helloSeen = true;
        authenticate(ctx, env.requestId(), hello);
      } else {
        refuse(ctx, "expected HELLO first, got " + env.type());
      }
      return;
    }
    if (m instanceof Heartbeat hb) {
      session.heartbeat(hb.freeSlots(), hb.running().size(), hb.load(), tc.clock().getAsLong());
    } else if (m instanceof Report r) {
      link.report(session, r);
    } else if (m instanceof Ack a) {
      link.ack(session, a);
    } else if (m instanceof LogBatch b) {
      logLines(b);
    } else if (m instanceof SubtaskBatch || m instanceof SubtaskResults) {
      link.relay(session, m);
    } else if (m instanceof MapProgress p) {
      link.progress(session, p);
    } else if (m instanceof Goodbye g) {
      log.info("Worker {} said goodbye: {}", session, g.reason());
      session.leaving();
      ctx.close();
    } else {
      refuse(ctx, "unexpected " + env.type() + " from a worker");
    }
  }

  /** Keeps the lines of attempts this worker runs here; lines naming other instances are dropped. */
  private void logLines(LogBatch batch) {
    List<LogBatch.Line> kept = new ArrayList<>(batch.lines().size());
    long lastId = 0;
    boolean lastRuns = false;
    for (LogBatch.Line line : batch.lines()) {
      if (line.instanceId() != lastId) {
        lastId = line.instanceId();
        lastRuns = link.runs(session, lastId);
      }
      if (lastRuns) {
        kept.add(line);
      }
    }
    if (kept.size() < batch.lines().size()) {
      log.debug("Dropped {} log line(s) from worker {} for instances it does not run here",
          batch.lines().size() - kept.size(), session.workerId());
    }
    if (!kept.isEmpty()) {
      tc.logs().offer(session.workerId(), kept);
    }
  }

  /** Checks the proof off the event loop (the key may need a database read), then continues on it. */
  private void authenticate(ChannelHandlerContext ctx, long requestId, Hello hello) {
    if (hello.app() == null || !APP_NAME.matcher(hello.app()).matches() || hello.workerId() == null
        || hello.workerId().isBlank() || hello.workerId().length() > 128) {
      refuse(ctx, "HELLO without a valid app name or worker id");
      return;
    }
    tc.keys().keyOf(hello.app()).whenComplete((key, error) -> ctx.executor().execute(() -> {
      if (!ctx.channel().isActive()) {
        return;
      }
      if (error != null) {
        log.warn("Cannot check the credentials of worker {} of app {} now: {}", hello.workerId(), hello.app(),
            error.getMessage());
        reject(ctx, requestId, "the server cannot check credentials right now; retry shortly", true);
      } else if (!valid(key, hello)) {
        if (tc.shouldLogRefusal(hello.app() + "/" + hello.workerId())) {
          log.warn("Refused worker {} of app {} from {}: {}", hello.workerId(), hello.app(),
              ctx.channel().remoteAddress(), key.isEmpty() ? "no such app" : hello.proof() == null
                  ? "no proof of the app secret" : "wrong proof of the app secret");
        }
        reject(ctx, requestId, AUTH_FAILED, false);
      } else {
        admit(ctx, requestId, hello);
      }
    }));
  }

  private boolean valid(Optional<byte[]> key, Hello hello) {
    return key.isPresent() && HelloProof.verify(key.get(), nonce, hello.app(), hello.workerId(), hello.proof());
  }

  private void admit(ChannelHandlerContext ctx, long requestId, Hello hello) {
    Admission admission = tc.gateway().admit(hello);
    if (admission.link() == null) {
      log.debug("Worker {} of app {} not admitted: {}", hello.workerId(), hello.app(), admission.refusal());
      ctx.writeAndFlush(new Envelope(requestId, admission.refusal())).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    link = admission.link();
    session = new WorkerSession(hello, ctx.channel(), tc.clock().getAsLong());
    WorkerSession replaced = tc.registry().add(session);
    if (replaced != null) {
      log.info("Worker {} reconnected; closing its previous connection", session);
      link.detached(replaced);
      replaced.close();
    }
    ctx.writeAndFlush(new Envelope(requestId, new Welcome(tc.serverId(), link.epoch(), tc.heartbeatIntervalMs())));
    log.info("Worker {} joined app {} (capacity {}, labels {})", session.workerId(), session.app(),
        session.capacity(), session.labels());
    link.attached(session);
  }

  private void reject(ChannelHandlerContext ctx, long requestId, String reason, boolean retryable) {
    ctx.writeAndFlush(new Envelope(requestId, new Reject(reason, retryable))).addListener(ChannelFutureListener.CLOSE);
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
    if (session != null && tc.registry().remove(session)) {
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
