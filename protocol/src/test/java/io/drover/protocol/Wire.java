package io.drover.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Raw frames written byte by byte, independent of {@link FrameEncoder}, for the decoder's negative tests. */
final class Wire {
  private Wire() {}

  static byte[] frame(int magic, int version, int typeCode, long requestId, int length, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(FrameFormat.HEADER_LENGTH + body.length);
    b.putShort((short) magic).put((byte) version).put((byte) typeCode).putLong(requestId).putInt(length).put(body);
    return b.array();
  }

  /** A frame with a correct header around {@code json}. */
  static byte[] frame(MessageType type, long requestId, String json) {
    return frame(type.code(), requestId, json.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] frame(int typeCode, long requestId, byte[] body) {
    return frame(FrameFormat.MAGIC, FrameFormat.VERSION, typeCode, requestId, body.length, body);
  }

  /** Only the 16-byte header, announcing a body of {@code length} bytes. */
  static byte[] header(int typeCode, int length) {
    return frame(FrameFormat.MAGIC, FrameFormat.VERSION, typeCode, 1, length, new byte[0]);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }
}
