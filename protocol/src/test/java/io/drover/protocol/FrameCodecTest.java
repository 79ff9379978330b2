package io.drover.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(NettyLeakDetection.class)
class FrameCodecTest {

  static List<Message> samples() {
    return Samples.all();
  }

  @Test
  void samplesCoverEveryMessageType() {
    Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
    Samples.all().forEach(m -> covered.add(m.type()));
    assertThat(covered).containsExactlyInAnyOrder(MessageType.values());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everyMessageSurvivesARoundTrip(Message message) {
    try (CodecHarness h = new CodecHarness()) {
      Envelope sent = new Envelope(123_456_789_012L, message);
      List<Envelope> received = h.feed(h.encode(sent));
      assertThat(received).containsExactly(sent);
      assertThat(received.get(0).type()).isEqualTo(message.type());
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void encoderWritesTheDocumentedHeader(Message message) {
    try (CodecHarness h = new CodecHarness()) {
      byte[] frame = h.encode(new Envelope(-5, message));
      ByteBuffer b = ByteBuffer.wrap(frame);
      assertThat(b.getShort()).isEqualTo(FrameFormat.MAGIC);
      assertThat(b.get()).isEqualTo(FrameFormat.VERSION);
      assertThat(b.get()).isEqualTo(message.type().code());
      assertThat(b.getLong()).isEqualTo(-5);
      assertThat(b.getInt()).isEqualTo(frame.length - FrameFormat.HEADER_LENGTH);
      assertThat(MessageBodies.read(message.type(), Arrays.copyOfRange(frame, FrameFormat.HEADER_LENGTH,
          frame.length))).isEqualTo(message);
    }
  }

  @Test
  void frameSplitIntoOneByteWritesDecodesOnceComplete() {
    try (CodecHarness h = new CodecHarness()) {
      Envelope sent = new Envelope(7, Samples.all().get(0));
      byte[] frame = h.encode(sent);
      List<Envelope> received = new ArrayList<>();
      for (int i = 0; i < frame.length; i++) {
        received.addAll(h.feed(new byte[] {frame[i]}));
        if (i < frame.length - 1) {
          assertThat(received).as("decoded after %d of %d bytes", i + 1, frame.length).isEmpty();
        }
      }
      assertThat(received).containsExactly(sent);
    }
  }

  @Test
  void twoFramesInOneBufferBothDecode() {
    try (CodecHarness h = new CodecHarness()) {
      Envelope first = new Envelope(1, new Ack(10, 1, true, null));
      Envelope second = Envelope.of(new Goodbye("bye"));
      assertThat(h.feed(Wire.concat(h.encode(first), h.encode(second)))).containsExactly(first, second);
    }
  }

  @Test
  void framesStraddlingBufferBoundariesDecodeInOrder() {
    try (CodecHarness h = new CodecHarness()) {
      List<Envelope> sent = new ArrayList<>();
      List<byte[]> frames = new ArrayList<>();
      for (Message m : Samples.all()) {
        Envelope e = new Envelope(sent.size(), m);
        sent.add(e);
        frames.add(h.encode(e));
      }
      byte[] stream = Wire.concat(frames.toArray(byte[][]::new));
      List<Envelope> received = new ArrayList<>();
      for (int from = 0, step = 1; from < stream.length; from += step, step = step * 3 % 97 + 1) {
        received.addAll(h.feed(Arrays.copyOfRange(stream, from, Math.min(stream.length, from + step))));
      }
      assertThat(received).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void bodyOfExactlyTheMaximumSizeIsAccepted() {
    String reason = "x".repeat(CodecHarness.MAX_BODY - "{\"reason\":\"\"}".length());
    try (CodecHarness h = new CodecHarness()) {
      Envelope sent = Envelope.of(new Goodbye(reason));
      byte[] frame = h.encode(sent);
      assertThat(frame).hasSize(FrameFormat.HEADER_LENGTH + CodecHarness.MAX_BODY);
      assertThat(h.feed(frame)).containsExactly(sent);
    }
  }

  @Test
  void unknownJsonFieldsAreIgnored() {
    String json = "{\"instanceId\":42,\"attempt\":3,\"accepted\":true,\"reason\":null,"
        + "\"addedInVersion2\":{\"nested\":[1,2,{\"deep\":true}]},\"another\":\"x\"}";
    try (CodecHarness h = new CodecHarness()) {
      assertThat(h.feed(Wire.frame(MessageType.ACK, 9, json)))
          .containsExactly(new Envelope(9, new Ack(42, 3, true, null)));
    }
  }

  @Test
  void missingJsonFieldsTakeDefaults() {
    try (CodecHarness h = new CodecHarness()) {
      assertThat(h.feed(Wire.frame(MessageType.HELLO, 0, "{\"app\":\"a\",\"workerId\":\"w\"}")))
          .containsExactly(Envelope.of(new Hello("a", "w", null, null, 0, null, null)));
    }
  }

  @Test
  void aReportFromAWorkerBeforeStartTimesHasNone() {
    String json = "{\"instanceId\":42,\"attempt\":1,\"status\":\"SUCCEEDED\",\"result\":\"ok\",\"at\":1000}";
    try (CodecHarness h = new CodecHarness()) {
      List<Envelope> read = h.feed(Wire.frame(MessageType.REPORT, 0, json));
      assertThat(read).containsExactly(Envelope.of(new Report(42, 1, TaskStatus.SUCCEEDED, "ok", 1000)));
      assertThat(((Report) read.get(0).message()).ranForMs()).isZero();
    }
  }
}
