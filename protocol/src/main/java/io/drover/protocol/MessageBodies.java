package io.drover.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The one place that turns message bodies into bytes and back (JSON today). */
public final class MessageBodies {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  private MessageBodies() {}

  public static byte[] write(Message message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + message.type() + ": " + e.getMessage(), e);
    }
  }

  public static Message read(MessageType type, byte[] body) {
    try {
      Message m = MAPPER.readValue(body, type.messageClass());
      if (m == null) {
        throw new ProtocolException("empty " + type + " body");
      }
      return m;
    } catch (IOException e) {
      throw new ProtocolException("malformed " + type + " body: " + firstLine(e), e);
    }
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
