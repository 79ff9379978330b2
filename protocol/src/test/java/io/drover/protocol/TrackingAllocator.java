package io.drover.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it hands out, so a test can prove that each one was
 * released: the test's input, the decoder's cumulation, the encoder's output. The buffers are also tracked by
 * Netty's leak detector (see {@link NettyLeakDetection}).
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> allocated = new ArrayList<>();

  TrackingAllocator() {
    super(false);
  }

  @Override
  protected synchronized ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(b);
    return toLeakAwareBuffer(b);
  }

  @Override
  protected synchronized ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(b);
    return toLeakAwareBuffer(b);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** A heap buffer holding exactly {@code bytes}. */
  ByteBuf copyOf(byte[] bytes) {
    return heapBuffer(bytes.length).writeBytes(bytes);
  }

  synchronized int allocatedCount() {
    return allocated.size();
  }

  /** Buffers handed out that still hold a reference. */
  synchronized List<ByteBuf> unreleased() {
    return allocated.stream().filter(b -> b.refCnt() > 0).toList();
  }
}
