package io.drover.protocol;

import io.netty.handler.codec.DecoderException;

/** A frame that breaks the protocol: bad magic, unknown version or type, malformed body. */
public final class ProtocolException extends DecoderException {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
