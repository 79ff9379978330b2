package io.drover.protocol;

import io.netty.channel.ChannelPipeline;

/** Installs the framing handlers that both ends of a connection share. */
public final class ProtocolPipeline {
  public static final String DECODER = "frame-decoder";
  public static final String ENCODER = "frame-encoder";

  private ProtocolPipeline() {}

  /** Adds the frame decoder and encoder at the head of the pipeline. */
  public static void install(ChannelPipeline pipeline, int maxBodyBytes) {
    pipeline.addLast(DECODER, new FrameDecoder(maxBodyBytes));
    pipeline.addLast(ENCODER, FrameEncoder.INSTANCE);
  }
}
