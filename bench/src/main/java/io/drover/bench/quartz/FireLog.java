package io.drover.bench.quartz;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The executions of the measured window, kept in preallocated primitive arrays: no object per fire, no lock on the
 * recording path. Only executions whose scheduled fire time lies in the window {@code [start, end)} are kept; all
 * others are only counted. Beyond the capacity, executions are counted as dropped.
 */
final class FireLog {
  private final long[] scheduled;
  private final long[] fired;
  private final long[] started;
  private final byte[] node;
  /** job index + 1, written last: a reader that sees it non-zero sees the slot's other fields. */
  private final AtomicIntegerArray job;
  private final AtomicInteger next = new AtomicInteger();
  private final LongAdder all = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;

  FireLog(int capacity) {
    scheduled = new long[capacity];
    fired = new long[capacity];
    started = new long[capacity];
    node = new byte[capacity];
    job = new AtomicIntegerArray(capacity);
  }

  /** Keeps, from now on, the executions scheduled in {@code [startMs, endMs)}. */
  void window(long startMs, long endMs) {
    windowEnd = endMs;
    windowStart = startMs;
  }

  /**
   * Called from Quartz's worker threads.
   *
   * @param nodeIndex the node (0-based) whose thread runs the job
   * @param jobIndex the job (0-based)
   * @param scheduledAt the trigger's scheduled fire time
   * @param firedAt when Quartz fired the trigger (its {@code fireTime})
   * @param startedAt when the job's {@code execute} began
   */
  void record(int nodeIndex, int jobIndex, long scheduledAt, long firedAt, long startedAt) {
    all.increment();
    if (scheduledAt < windowStart || scheduledAt >= windowEnd) {
      return;
    }
    int i = next.getAndIncrement();
    if (i >= scheduled.length) {
      dropped.increment();
      return;
    }
    scheduled[i] = scheduledAt;
    fired[i] = firedAt;
    started[i] = startedAt;
    node[i] = (byte) nodeIndex;
    job.set(i, jobIndex + 1);
  }

  /** Executions of the window recorded so far. */
  int recorded() {
    return Math.min(next.get(), scheduled.length);
  }

  /** Executions of any time, window or not. */
  long all() {
    return all.sum();
  }

  long dropped() {
    return dropped.sum();
  }

  /** A copy of the window's executions so far; slots taken but not yet written are left out. */
  Executions snapshot() {
    int n = recorded();
    Executions e = new Executions(n);
    for (int i = 0; i < n; i++) {
      int j = job.get(i);
      if (j != 0) {
        e.add(j - 1, node[i], scheduled[i], fired[i], started[i]);
      }
    }
    return e;
  }

  /** The window's executions as parallel arrays. */
  static final class Executions {
    final int[] job;
    final byte[] node;
    final long[] scheduled;
    final long[] fired;
    final long[] started;
    private int size;

    Executions(int capacity) {
      job = new int[capacity];
      node = new byte[capacity];
      scheduled = new long[capacity];
      fired = new long[capacity];
      started = new long[capacity];
    }

    void add(int jobIndex, byte nodeIndex, long scheduledAt, long firedAt, long startedAt) {
      job[size] = jobIndex;
      node[size] = nodeIndex;
      scheduled[size] = scheduledAt;
      fired[size] = firedAt;
      started[size] = startedAt;
      size++;
    }

    int size() {
      return size;
    }
  }
}
