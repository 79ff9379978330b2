package io.drover.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes an {@link Envelope} as one frame. Stateless, so one instance serves every channel. */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Envelope> {
  public static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {
    super(Envelope.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Envelope envelope, ByteBuf out) {
    int start = out.writerIndex();
    out.writeShort(FrameFormat.MAGIC);
    out.writeByte(FrameFormat.VERSION);
    out.writeByte(envelope.type().code());
    out.writeLong(envelope.requestId());
    out.writeInt(0); // the body's length, set once it is written
    int length = MessageBodies.write(envelope.message(), out); // straight into the buffer: no copy per frame
    out.setInt(start + FrameFormat.LENGTH_OFFSET, length);
  }
}
