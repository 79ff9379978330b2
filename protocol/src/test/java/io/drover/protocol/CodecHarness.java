package io.drover.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol pipeline on an {@link EmbeddedChannel} whose allocator tracks every buffer. {@link #close()}
 * closes the channel the way a connection's error handler does and proves that every buffer, those passed in
 * and those the codec allocated, was released.
 */
final class CodecHarness implements AutoCloseable {
  static final int MAX_BODY = 4096;

  final TrackingAllocator alloc = new TrackingAllocator();
  final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<ByteBuf> inputs = new ArrayList<>();

  CodecHarness() {
    this(MAX_BODY);
  }

  CodecHarness(int maxBody) {
    channel.config().setAllocator(alloc);
    ProtocolPipeline.install(channel.pipeline(), maxBody);
  }

  /** Encodes one envelope and returns the frame's bytes; the outbound buffer is released. */
  byte[] encode(Envelope envelope) {
    assertThat(channel.writeOutbound(envelope)).isTrue();
    ByteBuf out = channel.readOutbound();
    try {
      assertThat((Object) channel.readOutbound()).as("one frame per envelope").isNull();
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  /** Writes each chunk as its own inbound buffer and returns every envelope decoded so far. */
  List<Envelope> feed(byte[]... chunks) {
    for (byte[] chunk : chunks) {
      ByteBuf in = alloc.copyOf(chunk);
      inputs.add(in);
      channel.writeInbound(in);
    }
    return drain();
  }

  List<Envelope> drain() {
    List<Envelope> decoded = new ArrayList<>();
    for (Object o; (o = channel.readInbound()) != null; ) {
      decoded.add((Envelope) o);
    }
    return decoded;
  }

  /** Closes the channel (the pipeline must not raise anything more) and checks that no buffer leaked. */
  @Override
  public void close() {
    channel.finishAndReleaseAll();
    assertThat(inputs).allSatisfy(b -> assertThat(b.refCnt()).as("refCnt of a buffer passed in").isZero());
    assertThat(alloc.unreleased()).as("buffers still referenced after close").isEmpty();
  }
}
