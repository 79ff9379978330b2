package io.drover.worker;

/** Reconnect delays: the minimum first, doubling per failure up to the maximum, back to the minimum on reset. */
final class Backoff {
  private final long minMs;
  private final long maxMs;
  private long nextMs;

  Backoff(long minMs, long maxMs) {
    if (minMs < 1 || maxMs < minMs) {
      throw new IllegalArgumentException("backoff needs 1 <= min <= max, got " + minMs + ".." + maxMs);
    }
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.nextMs = minMs;
  }

  /** The delay to wait now; the following call returns twice as much, capped at the maximum. */
  long next() {
    long d = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return d;
  }

  /** After a success: the next failure waits the minimum again. */
  void reset() {
    nextMs = minMs;
  }
}
