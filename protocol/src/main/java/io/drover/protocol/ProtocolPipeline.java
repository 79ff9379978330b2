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
   * Adds the framing handlers at the head of the pipeline, behind a flush consolidator: the frames written while
   * the connection's input is being read (replies to a burst of frames) leave in one socket write when the read
   * completes, instead of one system call each. A flush from outside a read goes out at once; the frames sent from
   * other threads (dispatches, reports) are batched before that by {@link BatchedWriter}. (Netty's
   * {@code consolidateWhenNoReadInProgress} did the same here, but a test hang seen once with it on was never
   * explained, so it stays off.)
   */
  public static void install(ChannelPipeline pipeline, int maxBodyBytes) {
    pipeline.addLast(FLUSHES, new FlushConsolidationHandler(FLUSHES_PER_WRITE, false));
    pipeline.addLast(DECODER, new FrameDecoder(maxBodyBytes));
    pipeline.addLast(ENCODER, FrameEncoder.INSTANCE);
  }
}
