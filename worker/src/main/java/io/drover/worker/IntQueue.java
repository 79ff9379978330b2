package io.drover.worker;

import java.util.Arrays;

/** A FIFO of ints in one growable ring array (no boxing): the subtasks waiting to be sent. Not thread-safe. */
final class IntQueue {
  private int[] items = new int[1024];
  private int head;
  private int size;

  void add(int v) {
    if (size == items.length) {
      int[] bigger = new int[items.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = items[(head + i) % items.length];
      }
      items = bigger;
      head = 0;
    }
    items[(head + size++) % items.length] = v;
  }

  int poll() {
    if (size == 0) {
      throw new IllegalStateException("empty");
    }
    int v = items[head];
    head = (head + 1) % items.length;
    size--;
    return v;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(items, 0);
    head = 0;
    size = 0;
  }
}
