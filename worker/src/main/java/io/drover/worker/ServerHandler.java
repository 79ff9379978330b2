package io.drover.worker;

import io.drover.protocol.Challenge;
import io.drover.protocol.Dispatch;
import io.drover.protocol.Envelope;
import io.drover.protocol.Goodbye;
import io.drover.protocol.Message;
import io.drover.protocol.Redirect;
import io.drover.protocol.Reject;
import io.drover.protocol.Members;
import io.drover.protocol.Stop;
import io.drover.protocol.SubtaskBatch;
import io.drover.protocol.SubtaskResults;
import io.drover.protocol.Welcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of one connection to one server. The server speaks first: its CHALLENGE is answered with HELLO;
 * then it accepts only WELCOME, REDIRECT or REJECT; once welcomed, DISPATCH and STOP, and the frames of map
 * instances (SUBTASKS, SUBTASK_RESULTS, MEMBERS), which go to the {@link MapRelay}. GOODBYE is accepted at any
 * time. Anything else, malformed input or an idle timeout closes the connection with a logged reason; the
 * {@link Connector} then reconnects.
 */
final class ServerHandler extends SimpleChannelInboundHandler<Envelope> {
  private static final Logger log = LoggerFactory.getLogger(ServerHandler.class);
  static final long HELLO_REQUEST_ID = 1;

  /** Where the handshake is. */
  private enum Phase { AWAIT_CHALLENGE, AWAIT_WELCOME, WELCOMED }

  private final Connector connector;
  private final AttemptRunner runner;
  private final ServerAddress server;
  private Phase phase = Phase.AWAIT_CHALLENGE;
  private long writeIdleTimeoutMs;

  ServerHandler(Connector connector, AttemptRunner runner, ServerAddress server) {
    this.connector = connector;
    this.runner = runner;
    this.server = server;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    connector.connected(ctx.channel(), server);
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Envelope env) {
    Message m = env.message();
    if (m instanceof Goodbye g) {
      log.info("Server {} said goodbye: {}", server, g.reason());
      ctx.close();
    } else if (phase == Phase.AWAIT_CHALLENGE) {
      challenge(ctx, m);
    } else if (phase == Phase.AWAIT_WELCOME) {
      handshake(ctx, m);
    } else if (m instanceof Dispatch d) {
      runner.dispatch(d, ack -> ctx.writeAndFlush(new Envelope(env.requestId(), ack)));
    } else if (m instanceof Stop s) {
      runner.stop(s);
      connector.relay().onStop(s);
    } else if (m instanceof SubtaskBatch b) {
      connector.relay().onBatch(b);
    } else if (m instanceof SubtaskResults r) {
      connector.relay().onResults(r);
    } else if (m instanceof Members members) {
      connector.relay().onMembers(members);
    } else {
      close(ctx, "unexpected " + env.type() + " from the server");
    }
  }

  private void challenge(ChannelHandlerContext ctx, Message m) {
    if (m instanceof Challenge c) {
      if (c.nonce() == null || c.nonce().isBlank()) {
        close(ctx, "CHALLENGE without a nonce");
        return;
      }
      phase = Phase.AWAIT_WELCOME;
      ctx.writeAndFlush(new Envelope(HELLO_REQUEST_ID, connector.challenged(ctx.channel(), server, c)));
    } else if (m instanceof Reject r) {
      connector.rejected(server, r);
      ctx.close();
    } else {
      close(ctx, "expected CHALLENGE, got " + m.type());
    }
  }

  private void handshake(ChannelHandlerContext ctx, Message m) {
    if (m instanceof Welcome w) {
      phase = Phase.WELCOMED;
      writeIdleTimeoutMs = Connector.writeIdleTimeoutMs(w);
      connector.welcomed(ctx.channel(), server, w);
    } else if (m instanceof Redirect r) {
      connector.redirected(server, r);
      ctx.close();
    } else if (m instanceof Reject r) {
      connector.rejected(server, r);
      ctx.close();
    } else {
      close(ctx, "expected WELCOME, REDIRECT or REJECT, got " + m.type());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent e) {
      if (e.state() == IdleState.READER_IDLE && phase == Phase.AWAIT_CHALLENGE) {
        close(ctx, "no CHALLENGE within " + connector.challengeTimeoutMs() + " ms");
      } else if (e.state() == IdleState.READER_IDLE && phase == Phase.AWAIT_WELCOME) {
        close(ctx, "no answer to HELLO within " + connector.handshakeTimeoutMs() + " ms");
      } else if (e.state() == IdleState.WRITER_IDLE && phase == Phase.WELCOMED) {
        close(ctx, "no write completed for " + writeIdleTimeoutMs
            + " ms (the server stopped reading)");
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.info("Connection to {} failed: {}", server, cause.getMessage());
      ctx.close();
    } else if (cause instanceof DecoderException) {
      close(ctx, "malformed input: " + cause.getMessage());
    } else {
      log.warn("Closing the connection to {} after an unexpected error", server, cause);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    connector.disconnected(ctx.channel(), server, phase == Phase.WELCOMED);
    super.channelInactive(ctx);
  }

  private void close(ChannelHandlerContext ctx, String reason) {
    log.warn("Closing the connection to {}: {}", server, reason);
    ctx.close();
  }
}
