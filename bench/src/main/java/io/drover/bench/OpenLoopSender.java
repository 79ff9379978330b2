package io.drover.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one request at a fixed rate, open loop, over a fixed set of {@link KeepAliveConnection}s: request i is due
 * at {@code t0 + i / rate}, and the next free connection sends it. When the server is slow, requests wait in the
 * driver for a connection, and that wait counts: every time is measured from when the request was due, not from
 * when it left (no coordinated omission).
 */
final class OpenLoopSender {
  /** One request: when it was due and answered ({@link System#nanoTime()}), and its answer or error. */
  record Sent(long dueAt, long answeredAt, int status, String body, String error) {
    boolean answered() {
      return error == null;
    }
  }

  private OpenLoopSender() {}

  /** Sends {@code total} requests at {@code rate} a second over {@code connections} connections; waits for all. */
  static Sent[] send(URI base, String method, String path, int rate, int total, int connections)
      throws InterruptedException {
    Sent[] sent = new Sent[total];
    AtomicInteger next = new AtomicInteger();
    long periodNanos = 1_000_000_000L / rate;
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t = new Thread(() -> {
        try (KeepAliveConnection conn = new KeepAliveConnection(base)) {
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            long due = t0 + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
            sent[i] = sendOne(conn, method, path, due);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-sender-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return sent;
  }

  private static Sent sendOne(KeepAliveConnection conn, String method, String path, long due) {
    try {
      KeepAliveConnection.Answer a = conn.send(method, path, null);
      return new Sent(due, System.nanoTime(), a.status(), a.body(), null);
    } catch (IOException | RuntimeException e) {
      return new Sent(due, System.nanoTime(), -1, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
