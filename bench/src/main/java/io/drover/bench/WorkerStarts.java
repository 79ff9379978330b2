package io.drover.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each instance's processor began, as the worker saw it (the bench's workers run in this JVM, so on the same
 * clock as the server). Independent of the server's write-behind: when stored state lags, the database cannot say
 * when an instance started, this can. Fixed capacity, no locks on the recording path; beyond it starts are counted
 * as dropped.
 */
public final class WorkerStarts {
  private final AtomicLongArray ids;
  private final long[] times;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean recording;
  private volatile int sealed = -1;

  public WorkerStarts(int capacity) {
    ids = new AtomicLongArray(capacity);
    times = new long[capacity];
  }

  /** Starts recording (once). */
  void start() {
    recording = true;
  }

  /** Called from processor threads. */
  void record(long instanceId, long atMs) {
    if (!recording) {
      return;
    }
    int i = next.getAndIncrement();
    if (i >= times.length) {
      dropped.incrementAndGet();
      return;
    }
    times[i] = atMs;
    ids.set(i, instanceId); // a volatile write after the time: whoever reads the id sees the time too
  }

  /** Stops recording and returns the starts seen, as an id -> time lookup. */
  synchronized Lookup seal() {
    recording = false;
    if (sealed < 0) {
      sealed = Math.min(next.get(), times.length);
    }
    Lookup l = new Lookup(Integer.highestOneBit(Math.max(16, sealed * 2)) * 2);
    for (int i = 0; i < sealed; i++) {
      long id = ids.get(i);
      if (id != 0) { // 0: a slot taken by a processor that has not written it yet
        l.put(id, times[i]);
      }
    }
    return l;
  }

  long dropped() {
    return dropped.get();
  }

  /** An open-addressing long -> long map (ids are never 0), to join a million rows without boxing. */
  static final class Lookup {
    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    Lookup(int capacity) {
      keys = new long[capacity];
      values = new long[capacity];
      mask = capacity - 1;
    }

    void put(long key, long value) {
      int i = slot(key);
      while (keys[i] != 0 && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (keys[i] == 0) {
        size++;
      }
      keys[i] = key;
      values[i] = value;
    }

    /** The value, or {@code absent}. */
    long get(long key, long absent) {
      for (int i = slot(key); keys[i] != 0; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return values[i];
        }
      }
      return absent;
    }

    int size() {
      return size;
    }

    private int slot(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32)) & mask;
    }
  }
}
