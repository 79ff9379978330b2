package io.drover.bench.quartz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Which threads a run left behind: taken before the run, checked after everything was closed. A thread is left
 * over when it is new, alive and either not a daemon (it would keep the JVM running) or one of Quartz's or its
 * pools' (any name with "quartz" or "hikari"). Library-wide daemon threads, such as the MySQL driver's cleanup
 * thread, are allowed.
 */
final class LeftoverThreads {
  private final Set<Thread> before;

  private LeftoverThreads(Set<Thread> before) {
    this.before = before;
  }

  static LeftoverThreads snapshot() {
    return new LeftoverThreads(new HashSet<>(Thread.getAllStackTraces().keySet()));
  }

  /** The names of the threads left over, waiting up to {@code seconds} for those that end by themselves. */
  List<String> await(long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> left = leftover();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      left = leftover();
    }
    return left;
  }

  private List<String> leftover() {
    List<String> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.isAlive() && t != Thread.currentThread() && ours(t)) {
        out.add(t.getName() + (t.isDaemon() ? "" : " (not a daemon)"));
      }
    }
    return out;
  }

  private static boolean ours(Thread t) {
    String name = t.getName().toLowerCase(Locale.ROOT);
    return !t.isDaemon() || name.contains("quartz") || name.contains("hikari");
  }
}
