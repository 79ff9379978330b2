package io.drover.protocol;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;

/** Installs the framing handlers that both ends of a connection share. */
public final class ProtocolPipeline {
  public static final String DECODER = "frame-decoder";
  public static final String ENCODER = "frame-encoder";
  public static final String FLUSHES = "flush-consolidation";
  /** Flushes merged into one write to the socket at most: enough to batch a burst, bounded for latency. */
  private static final int FLUSHES_PER_WRITE = 64;

  private ProtocolPipeline() {}

  /**
   * Adds the framing handlers at the head of the pipeline, behind a flush consolidator: under load, the frames
   * written in one pass of the event loop (a burst of DISPATCHes, ACKs and REPORTs) leave in one socket write
   * instead of one system call each; when idle a flush leaves at the next turn of the event loop.
   */
  public static void install(ChannelPipeline pipeline, int maxBodyBytes) {
    pipeline.addLast(FLUSHES, new FlushConsolidationHandler(FLUSHES_PER_WRITE, true));
    pipeline.addLast(DECODER, new FrameDecoder(maxBodyBytes));
    pipeline.addLast(ENCODER, FrameEncoder.INSTANCE);
  }
}
