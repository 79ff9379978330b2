package io.drover.worker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The fencing token check: a worker refuses work from a leader whose epoch is lower than the highest epoch it has
 * seen for its app (from WELCOME or DISPATCH), so a deposed leader cannot run an instance twice.
 */
final class EpochFence {
  private final AtomicLong highest = new AtomicLong(Long.MIN_VALUE);

  /** Records an epoch from a WELCOME. */
  void observe(long epoch) {
    highest.accumulateAndGet(epoch, Math::max);
  }

  /** True, and the epoch recorded, when it is not lower than the highest seen; false for a stale epoch. */
  boolean admit(long epoch) {
    while (true) {
      long h = highest.get();
      if (epoch < h) {
        return false;
      }
      if (epoch == h || highest.compareAndSet(h, epoch)) {
        return true;
      }
    }
  }

  /** The highest epoch seen, or {@link Long#MIN_VALUE} before the first. */
  long highest() {
    return highest.get();
  }
}
