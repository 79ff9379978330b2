package io.drover.protocol;

/**
 * A message that travels between a worker and a server, inside one frame.
 * Each implementation is an immutable record with exactly one {@link MessageType}.
 */
public sealed interface Message
    permits Hello, Welcome, Redirect, Reject, Heartbeat, Dispatch, Ack, Report, Stop, LogBatch, Goodbye,
    Challenge, SubtaskBatch, SubtaskResults, Members, MapProgress {

  /** The frame type this message is carried in. */
  default MessageType type() {
    return MessageType.of(getClass());
  }
}
