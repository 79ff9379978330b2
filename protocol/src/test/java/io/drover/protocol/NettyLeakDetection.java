package io.drover.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Netty's own leak detector as a second line behind {@link TrackingAllocator}: paranoid level (surefire also sets
 * it), a listener that records every reported leak, and after the test class a few GC rounds so that buffers
 * dropped without release are reported and fail the class.
 */
final class NettyLeakDetection implements BeforeAllCallback, AfterAllCallback {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + records));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      // The detector reports collected, unreleased buffers when it tracks the next allocation
      // (unpooled heap buffers are not tracked, direct ones are).
      for (int j = 0; j < 10; j++) {
        UnpooledByteBufAllocator.DEFAULT.directBuffer(1).release();
      }
    }
    List<String> leaks = List.copyOf(LEAKS);
    LEAKS.clear();
    assertThat(leaks).as("leaks reported by Netty").isEmpty();
  }
}
