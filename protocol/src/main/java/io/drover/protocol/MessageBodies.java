package io.drover.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that turns message bodies into bytes and back (JSON today). A reader and a writer per message type
 * are made once: Jackson then skips resolving the type on every frame, which cost the event loops a tenth of
 * their CPU at 10,000 frames/s.
 */
public final class MessageBodies {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  private static final Map<MessageType, ObjectReader> READERS = new EnumMap<>(MessageType.class);
  private static final Map<MessageType, ObjectWriter> WRITERS = new EnumMap<>(MessageType.class);

  static {
    for (MessageType t : MessageType.values()) {
      READERS.put(t, MAPPER.readerFor(t.messageClass()));
      WRITERS.put(t, MAPPER.writerFor(t.messageClass()));
    }
  }

  private MessageBodies() {}

  /** A body as bytes (the frame codec writes into its buffer instead: {@link #write(Message, ByteBuf)}). */
  public static byte[] write(Message message) {
    ByteBuf out = Unpooled.buffer();
    try {
      write(message, out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  /** A body from bytes (the frame codec reads from its buffer instead: {@link #read(MessageType, ByteBuf, int)}). */
  public static Message read(MessageType type, byte[] body) {
    ByteBuf in = Unpooled.wrappedBuffer(body);
    try {
      return read(type, in, body.length);
    } finally {
      in.release();
    }
  }

  /** Reads a body from {@code length} bytes of {@code in}, without copying them first. */
  public static Message read(MessageType type, ByteBuf in, int length) {
    try (InputStream body = new ByteBufInputStream(in, length)) {
      return nonNull(type, READERS.get(type).readValue(body));
    } catch (IOException e) {
      throw malformed(type, e);
    }
  }

  /** Writes a body at the end of {@code out}; returns its length in bytes. */
  public static int write(Message message, ByteBuf out) {
    int start = out.writerIndex();
    try (OutputStream body = new ByteBufOutputStream(out)) {
      WRITERS.get(message.type()).writeValue(body, message);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + message.type() + ": " + e.getMessage(), e);
    }
    return out.writerIndex() - start;
  }

  private static Message nonNull(MessageType type, Message m) {
    if (m == null) {
      throw new ProtocolException("empty " + type + " body");
    }
    return m;
  }

  private static ProtocolException malformed(MessageType type, IOException e) {
    return new ProtocolException("malformed " + type + " body: " + firstLine(e), e);
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
