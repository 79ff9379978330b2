package io.drover.bench.scale;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What stays live on the heap of this JVM, and what the garbage collectors did. Everything the run keeps in this
 * JVM counts: the server, ZooKeeper, the workers and the bench itself.
 */
final class HeapProbe {
  private static final int ROUNDS = 3;
  private static final double MIB = 1024.0 * 1024.0;

  private HeapProbe() {}

  /**
   * Heap used after a full collection, in MiB: the smallest of {@value #ROUNDS} readings, each right after
   * {@link System#gc()} (the run's threads go on allocating between them).
   */
  record Heap(double usedAfterGcMiB, double usedBeforeMiB, double committedMiB, double maxMiB, long gcMs) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("usedAfterFullGcMiB", round(usedAfterGcMiB));
      m.put("usedBeforeMiB", round(usedBeforeMiB));
      m.put("committedMiB", round(committedMiB));
      m.put("maxMiB", round(maxMiB));
      m.put("fullGcsMs", gcMs);
      return m;
    }
  }

  static Heap measure() {
    var memory = ManagementFactory.getMemoryMXBean();
    long before = memory.getHeapMemoryUsage().getUsed();
    long least = Long.MAX_VALUE;
    long t0 = System.nanoTime();
    MemoryUsage last = null;
    for (int i = 0; i < ROUNDS; i++) {
      System.gc();
      last = memory.getHeapMemoryUsage();
      least = Math.min(least, last.getUsed());
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Heap(least / MIB, before / MIB, last.getCommitted() / MIB, last.getMax() / MIB, ms);
  }

  /** Explicit full collections {@link #measure} makes. */
  static int gcsPerMeasure() {
    return ROUNDS;
  }

  /** Collections and their total time per collector since the JVM started. */
  static Map<String, Map<String, Long>> collectors() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.put(gc.getName(), Map.of("count", gc.getCollectionCount(), "ms", gc.getCollectionTime()));
    }
    return out;
  }

  /** The collector and heap options this JVM runs with, e.g. {@code [-Xmx1g]}. */
  static String jvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-X") || a.startsWith("-XX")).toList().toString();
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
