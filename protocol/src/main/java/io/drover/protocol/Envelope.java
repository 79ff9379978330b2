package io.drover.protocol;

import java.util.Objects;

/**
 * A decoded frame: its request id and message. A reply carries the request id of the frame it answers;
 * a frame that answers nothing carries 0.
 */
public record Envelope(long requestId, Message message) {
  public Envelope {
    Objects.requireNonNull(message, "message");
  }

  public static Envelope of(Message message) {
    return new Envelope(0, message);
  }

  public MessageType type() {
    return message.type();
  }
}
