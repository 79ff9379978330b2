package io.drover.worker;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the worker's threads: daemon threads named {@code <prefix><kind>-<n>}, remembered so that close() can wait
 * until every one of them has ended. Uncaught exceptions are logged, not printed.
 */
final class WorkerThreads implements ThreadFactory {
  private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

  private final String prefix;
  private final boolean netty;
  private final AtomicInteger seq = new AtomicInteger();
  private final Queue<Thread> made = new ConcurrentLinkedQueue<>();

  /**
   * @param prefix the start of every thread name, e.g. {@code drover-worker-w1-io-}
   * @param netty true for event loop threads (Netty's {@link FastThreadLocalThread})
   */
  WorkerThreads(String prefix, boolean netty) {
    this.prefix = prefix;
    this.netty = netty;
  }

  @Override
  public Thread newThread(Runnable r) {
    String name = prefix + seq.incrementAndGet();
    Thread t = netty ? new FastThreadLocalThread(r, name) : new Thread(r, name);
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((th, e) -> log.error("Uncaught exception in worker thread {}", th.getName(), e));
    made.removeIf(old -> !old.isAlive());
    made.add(t);
    return t;
  }

  /** Waits until every thread made has ended; returns false when some are still alive at the deadline. */
  boolean awaitAllEnded(long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (Thread t : made) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      try {
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return made.stream().noneMatch(Thread::isAlive);
  }
}
