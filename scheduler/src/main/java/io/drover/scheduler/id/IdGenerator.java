package io.drover.scheduler.id;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Time-ordered 64-bit ids made by the server, so instance inserts need no database round trip for a key and
 * batch freely: 41 bits of milliseconds since 2024-01-01, 10 bits of node index (unique among live servers),
 * 12 bits of sequence. Ordering by id is ordering by creation time (across servers, to the millisecond).
 */
public final class IdGenerator {
  static final long EPOCH = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
  private static final int NODE_BITS = 10;
  private static final int SEQ_BITS = 12;
  private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

  private final IntSupplier nodeIndex;
  private final LongSupplier clock;
  private long node = -1;
  private long lastMs = -1;
  private long seq;

  public IdGenerator(int nodeIndex, LongSupplier clock) {
    this(() -> nodeIndex, clock);
  }

  /**
   * @param nodeIndex read once, at the first id: the server's index is allocated in ZooKeeper after this
   *     generator is built, and before any id is needed (ids are made only while leading an app)
   */
  public IdGenerator(IntSupplier nodeIndex, LongSupplier clock) {
    this.nodeIndex = nodeIndex;
    this.clock = clock;
  }

  public synchronized long next() {
    if (node < 0) {
      int n = nodeIndex.getAsInt();
      if (n < 0 || n >= (1 << NODE_BITS)) {
        throw new IllegalStateException("node index must be in [0, 1024), got " + n);
      }
      node = n;
    }
    long now = Math.max(clock.getAsLong(), lastMs); // never go back when the wall clock does
    if (now == lastMs) {
      seq = (seq + 1) & SEQ_MASK;
      if (seq == 0) {
        now = ++lastMs; // 4096 ids in one ms: borrow the next millisecond
      }
    } else {
      seq = 0;
    }
    lastMs = now;
    return ((now - EPOCH) << (NODE_BITS + SEQ_BITS)) | (node << SEQ_BITS) | seq;
  }

  /** The creation time encoded in an id. */
  public static long timestampOf(long id) {
    return (id >>> (NODE_BITS + SEQ_BITS)) + EPOCH;
  }
}
