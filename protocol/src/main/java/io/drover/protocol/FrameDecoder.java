package io.drover.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the byte stream into frames, checks the header and decodes the body into an {@link Envelope}.
 * Oversized frames fail fast with {@link io.netty.handler.codec.TooLongFrameException}; a bad header or body
 * raises {@link ProtocolException}. Either way the connection's error handler closes the channel; after its first
 * error the decoder drops all further input, so each connection reports one error.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
  private boolean failed;

  public FrameDecoder(int maxBodyBytes) {
    super(FrameFormat.HEADER_LENGTH + maxBodyBytes, FrameFormat.LENGTH_OFFSET, 4, 0, 0, true);
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return null;
    }
    try {
      return decodeFrame(ctx, in);
    } catch (Exception e) {
      // The stream cannot be trusted after its first error: drop what is buffered and whatever arrives until the
      // channel closes, so the error is raised once (not again when the channel closes and decodes what is left,
      // nor as "bad magic" for the rest of an oversized frame).
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  private Object decodeFrame(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    if (in.readableBytes() >= 2 && in.getShort(in.readerIndex()) != FrameFormat.MAGIC) {
      // Fail on the first bytes instead of waiting for a length that random input may never complete.
      throw new ProtocolException(String.format("bad magic 0x%04X", in.getShort(in.readerIndex()) & 0xFFFF));
    }
    ByteBuf frame = (ByteBuf) super.decode(ctx, in);
    if (frame == null) {
      return null;
    }
    try {
      frame.skipBytes(2);
      byte version = frame.readByte();
      if (version != FrameFormat.VERSION) {
        throw new ProtocolException("unsupported protocol version " + version);
      }
      byte code = frame.readByte();
      MessageType type = MessageType.fromCode(code);
      if (type == null) {
        throw new ProtocolException("unknown frame type " + code);
      }
      long requestId = frame.readLong();
      int length = frame.readInt();
      if (length < 0) {
        throw new ProtocolException("negative body length " + length);
      }
      return new Envelope(requestId, MessageBodies.read(type, frame, length));
    } finally {
      frame.release();
    }
  }
}
