package io.drover.protocol;

import java.util.HashMap;
import java.util.Map;

/** Frame types on the wire. The code is the byte in the frame header; never reuse a code. */
public enum MessageType {
  HELLO(1, Hello.class),
  WELCOME(2, Welcome.class),
  REDIRECT(3, Redirect.class),
  REJECT(4, Reject.class),
  HEARTBEAT(5, Heartbeat.class),
  DISPATCH(6, Dispatch.class),
  ACK(7, Ack.class),
  REPORT(8, Report.class),
  STOP(9, Stop.class),
  LOG(10, LogBatch.class),
  GOODBYE(11, Goodbye.class),
  CHALLENGE(12, Challenge.class),
  SUBTASKS(13, SubtaskBatch.class),
  SUBTASK_RESULTS(14, SubtaskResults.class),
  MEMBERS(15, Members.class),
  MAP_PROGRESS(16, MapProgress.class);

  private static final MessageType[] BY_CODE = new MessageType[128];
  private static final Map<Class<?>, MessageType> BY_CLASS = new HashMap<>();

  static {
    for (MessageType t : values()) {
      BY_CODE[t.code] = t;
      BY_CLASS.put(t.messageClass, t);
    }
  }

  private final byte code;
  private final Class<? extends Message> messageClass;

  MessageType(int code, Class<? extends Message> messageClass) {
    this.code = (byte) code;
    this.messageClass = messageClass;
  }

  public byte code() {
    return code;
  }

  public Class<? extends Message> messageClass() {
    return messageClass;
  }

  /** The type for a header byte, or null when the byte names no known type. */
  public static MessageType fromCode(byte code) {
    return code < 0 ? null : BY_CODE[code];
  }

  static MessageType of(Class<?> cls) {
    MessageType t = BY_CLASS.get(cls);
    if (t == null) {
      throw new IllegalArgumentException("no frame type for " + cls.getName());
    }
    return t;
  }
}
