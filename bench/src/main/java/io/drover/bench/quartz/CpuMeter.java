package io.drover.bench.quartz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU used over the window by this JVM (Quartz and the bench), by the embedded mariadbd, and by the whole machine
 * (from {@code /proc/stat}, so other work on the machine shows). Unknown values are -1.
 */
final class CpuMeter {
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final int USER_HZ = 100; // the clock ticks of /proc/stat on Linux

  /** A reading at one moment. */
  record Reading(long nanos, long jvmCpuNanos, long mariadbCpuNanos, double machineBusySeconds) {}

  /** CPU seconds used between two readings; percentages are of the whole machine (all CPUs). */
  record Usage(double wallSeconds, int cpus, double jvmSeconds, double mariadbSeconds, double machineSeconds) {
    double percent(double seconds) {
      return seconds < 0 ? -1 : 100.0 * seconds / (wallSeconds * cpus);
    }

    /** Everything but this JVM and mariadbd: other builds, the kernel; -1 when unknown. */
    double othersPercent() {
      return machineSeconds < 0 || mariadbSeconds < 0 ? -1
          : Math.max(0, percent(machineSeconds - jvmSeconds - mariadbSeconds));
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wallSeconds", round(wallSeconds));
      m.put("cpus", cpus);
      m.put("jvmCpuSeconds", round(jvmSeconds));
      m.put("jvmPercentOfMachine", round(percent(jvmSeconds)));
      m.put("mariadbdCpuSeconds", round(mariadbSeconds));
      m.put("mariadbdPercentOfMachine", round(percent(mariadbSeconds)));
      m.put("machineBusyPercent", round(percent(machineSeconds)));
      m.put("othersPercentOfMachine", round(othersPercent()));
      return m;
    }

    private static double round(double v) {
      return Math.round(v * 10) / 10.0;
    }
  }

  private final Optional<ProcessHandle> mariadbd;

  CpuMeter(Optional<ProcessHandle> mariadbd) {
    this.mariadbd = mariadbd;
  }

  Reading read() {
    long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    long db = mariadbd.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    return new Reading(System.nanoTime(), jvm, db, machineBusySeconds());
  }

  static Usage between(Reading a, Reading b) {
    return new Usage((b.nanos() - a.nanos()) / 1e9, Runtime.getRuntime().availableProcessors(),
        a.jvmCpuNanos() < 0 || b.jvmCpuNanos() < 0 ? -1 : (b.jvmCpuNanos() - a.jvmCpuNanos()) / 1e9,
        a.mariadbCpuNanos() < 0 || b.mariadbCpuNanos() < 0 ? -1 : (b.mariadbCpuNanos() - a.mariadbCpuNanos()) / 1e9,
        a.machineBusySeconds() < 0 || b.machineBusySeconds() < 0 ? -1
            : b.machineBusySeconds() - a.machineBusySeconds());
  }

  /** Busy time of all CPUs since boot (everything but idle and iowait); -1 off Linux. */
  private static double machineBusySeconds() {
    try {
      String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / (double) USER_HZ;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
