package io.drover.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed input raises a {@link io.netty.handler.codec.DecoderException} with a clear message in the pipeline,
 * leaks no buffer, and raises it once: closing the connection afterwards reports nothing more.
 */
@ExtendWith(NettyLeakDetection.class)
class FrameDecoderErrorTest {
  private static final byte[] ACK_JSON = "{\"instanceId\":1,\"attempt\":1,\"accepted\":true}"
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void badMagicIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      byte[] frame = Wire.frame(0xCAFE, FrameFormat.VERSION, MessageType.ACK.code(), 1, ACK_JSON.length, ACK_JSON);
      assertThatThrownBy(() -> h.feed(frame))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessage("bad magic 0xCAFE");
    }
  }

  @Test
  void badMagicIsRejectedOnTheFirstTwoBytes() {
    try (CodecHarness h = new CodecHarness()) {
      // An HTTP request or a TLS hello sent to the transport port: no length would ever complete.
      assertThatThrownBy(() -> h.feed("GE".getBytes(StandardCharsets.US_ASCII)))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessage("bad magic 0x4745");
    }
  }

  @Test
  void bytesAfterBadMagicAreDiscardedWithoutMoreErrors() {
    try (CodecHarness h = new CodecHarness()) {
      assertThatThrownBy(() -> h.feed("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("bad magic");
      // The stream has lost its framing: what follows, even a valid frame, is dropped until the channel closes.
      assertThat(h.feed("Host: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
          Wire.frame(MessageType.ACK.code(), 1, ACK_JSON))).isEmpty();
    }
  }

  @Test
  void unsupportedVersionIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      byte[] frame = Wire.frame(FrameFormat.MAGIC, 2, MessageType.ACK.code(), 1, ACK_JSON.length, ACK_JSON);
      assertThatThrownBy(() -> h.feed(frame))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessage("unsupported protocol version 2");
    }
  }

  @Test
  void unknownTypesAreRejected() {
    for (int code : new int[] {0, 17, 127, -1, -128}) {
      try (CodecHarness h = new CodecHarness()) {
        assertThatThrownBy(() -> h.feed(Wire.frame(code, 1, ACK_JSON)))
            .as("type code %d", code)
            .isExactlyInstanceOf(ProtocolException.class)
            .hasMessage("unknown frame type " + code);
      }
    }
  }

  @Test
  void oversizedLengthFailsFastOnTheHeaderAlone() {
    try (CodecHarness h = new CodecHarness()) {
      assertThatThrownBy(() -> h.feed(Wire.header(MessageType.LOG.code(), CodecHarness.MAX_BODY + 1)))
          .isExactlyInstanceOf(TooLongFrameException.class)
          .hasMessageContaining("exceeds " + (FrameFormat.HEADER_LENGTH + CodecHarness.MAX_BODY));
      // The rest of the oversized body arrives later: it is dropped, not reported as a second error.
      assertThat(h.feed(new byte[CodecHarness.MAX_BODY + 1])).isEmpty();
    }
  }

  @Test
  void oversizedFrameInOneBufferIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      byte[] body = new byte[CodecHarness.MAX_BODY + 1];
      assertThatThrownBy(() -> h.feed(Wire.frame(MessageType.LOG.code(), 1, body)))
          .isExactlyInstanceOf(TooLongFrameException.class)
          .hasMessageContaining("exceeds");
    }
  }

  @Test
  void negativeLengthIsRejectedAsTooLong() {
    // The length field is read unsigned: -1 announces a 4 GiB body.
    for (int length : new int[] {-1, Integer.MIN_VALUE}) {
      try (CodecHarness h = new CodecHarness()) {
        assertThatThrownBy(() -> h.feed(Wire.header(MessageType.ACK.code(), length)))
            .as("length %d", length)
            .isExactlyInstanceOf(TooLongFrameException.class)
            .hasMessageContaining(String.valueOf(Integer.toUnsignedLong(length) + FrameFormat.HEADER_LENGTH));
      }
    }
  }

  @Test
  void malformedJsonBodyIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      assertThatThrownBy(() -> h.feed(Wire.frame(MessageType.ACK, 1, "{\"instanceId\":")))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("malformed ACK body: ")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void wronglyTypedJsonFieldIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      assertThatThrownBy(() -> h.feed(Wire.frame(MessageType.REPORT, 1, "{\"status\":\"EXPLODED\"}")))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("malformed REPORT body: ");
    }
  }

  @Test
  void nullInsideACollectionIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      assertThatThrownBy(() -> h.feed(Wire.frame(MessageType.HEARTBEAT, 1, "{\"running\":[1,null]}")))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("malformed HEARTBEAT body: ");
    }
  }

  @Test
  void emptyBodyIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      assertThatThrownBy(() -> h.feed(Wire.frame(MessageType.GOODBYE.code(), 1, new byte[0])))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("malformed GOODBYE body: ");
    }
  }

  @Test
  void jsonNullBodyIsRejected() {
    try (CodecHarness h = new CodecHarness()) {
      assertThatThrownBy(() -> h.feed(Wire.frame(MessageType.GOODBYE, 1, "null")))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessage("empty GOODBYE body");
    }
  }

  @Test
  void framesBeforeABadOneAreDeliveredAndNoneAfterIt() {
    try (CodecHarness h = new CodecHarness()) {
      byte[] good = Wire.frame(MessageType.ACK.code(), 5, ACK_JSON);
      byte[] bad = Wire.frame(MessageType.ACK, 6, "[");
      byte[] after = Wire.frame(MessageType.ACK.code(), 7, ACK_JSON);
      assertThatThrownBy(() -> h.feed(Wire.concat(good, bad, after)))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("malformed ACK body: ");
      assertThat(h.drain()).containsExactly(new Envelope(5, new Ack(1, 1, true, null)));
      assertThat(h.feed(after)).isEmpty();
    }
  }

  @Test
  void bodyOverThePeersLimitIsRefusedByThePeerNotTheEncoder() {
    // The encoder has no size limit of its own: a body larger than the peer's limit is the peer's to refuse.
    try (CodecHarness h = new CodecHarness(16)) {
      byte[] frame = h.encode(Envelope.of(new Goodbye("longer than sixteen bytes")));
      assertThatThrownBy(() -> h.feed(frame)).isExactlyInstanceOf(TooLongFrameException.class);
    }
  }
}
