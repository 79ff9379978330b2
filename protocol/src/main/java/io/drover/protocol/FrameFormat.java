package io.drover.protocol;

/**
 * Layout of a frame on the wire (big-endian):
 *
 * <pre>
 *   magic    2 bytes   0xD7 0x0B
 *   version  1 byte    {@link #VERSION}
 *   type     1 byte    {@link MessageType#code()}
 *   request  8 bytes   request id (0 when the frame answers nothing)
 *   length   4 bytes   body length
 *   body     length    message body (JSON)
 * </pre>
 */
public final class FrameFormat {
  public static final short MAGIC = (short) 0xD70B;
  public static final byte VERSION = 1;
  public static final int LENGTH_OFFSET = 12;
  public static final int HEADER_LENGTH = 16;
  /** Default largest body accepted: 1 MiB. */
  public static final int DEFAULT_MAX_BODY = 1 << 20;

  private FrameFormat() {}
}
