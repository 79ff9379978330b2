package io.drover.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU of this JVM (server, workers and the bench itself share it), of each of its thread groups and of the
 * embedded mariadbd process over the window; heap and GC. Thread groups are thread names with their numbers
 * replaced by {@code #}, so the 64 execution threads of a worker add up to one line.
 */
public final class ResourceMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final int USER_HZ = 100; // the clock ticks of /proc/stat on Linux


  /** A reading at one moment. */
  public record Snapshot(long nanos, long processCpuNanos, long mariadbCpuNanos, double machineBusySeconds, long gcCount,
                  long gcMs, Map<Long, ThreadCpu> threads, Map<Long, ProcessCpu> processes) {}

  /** CPU ticks of another process on the machine, with its command line to recognise it. */
  public record ProcessCpu(String command, long ticks) {}

  public record ThreadCpu(String name, long cpuNanos) {}

  /** What happened between two snapshots. */
  public record Usage(double wallSeconds, int cpus, double jvmCpuSeconds, double mariadbCpuSeconds,
               double machineBusySeconds, long gcCount, long gcMs, List<Map.Entry<String, Double>> topThreadGroups,
               List<Map.Entry<String, Double>> topOtherProcesses) {
    /** Share of the whole machine (all CPUs) used by the JVM, in percent. */
    public double jvmPercentOfMachine() {
      return 100.0 * jvmCpuSeconds / (wallSeconds * cpus);
    }

    public double mariadbPercentOfMachine() {
      return mariadbCpuSeconds < 0 ? -1 : 100.0 * mariadbCpuSeconds / (wallSeconds * cpus);
    }

    public double machinePercentBusy() {
      return machineBusySeconds < 0 ? -1 : 100.0 * machineBusySeconds / (wallSeconds * cpus);
    }

    /** CPU used by everything else on the machine (other builds, the kernel's own work), in percent; -1 unknown. */
    public double othersPercentOfMachine() {
      if (machineBusySeconds < 0 || mariadbCpuSeconds < 0) {
        return -1;
      }
      return Math.max(0, 100.0 * (machineBusySeconds - jvmCpuSeconds - mariadbCpuSeconds) / (wallSeconds * cpus));
    }
  }

  private final Optional<ProcessHandle> mariadbd;

  public ResourceMeter(Optional<ProcessHandle> mariadbd) {
    this.mariadbd = mariadbd;
    if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
  }

  public Snapshot snapshot() {
    Map<Long, ThreadCpu> threads = new HashMap<>();
    for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        threads.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), cpu));
      }
    }
    long gcCount = 0;
    long gcMs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMs += Math.max(0, gc.getCollectionTime());
    }
    long mariadb = mariadbd.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    return new Snapshot(System.nanoTime(), processCpuNanos(), mariadb, machineBusySeconds(), gcCount, gcMs,
        threads, otherProcesses());
  }

  public static Usage between(Snapshot a, Snapshot b, int top) {
    Map<String, Double> groups = new HashMap<>();
    b.threads().forEach((id, t) -> {
      ThreadCpu before = a.threads().get(id);
      long used = t.cpuNanos() - (before == null ? 0 : before.cpuNanos());
      groups.merge(t.name().replaceAll("\\d+", "#"), used / 1e9, Double::sum);
    });
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
    List<Map.Entry<String, Double>> topGroups = new ArrayList<>();
    for (var e : sorted.subList(0, Math.min(top, sorted.size()))) {
      topGroups.add(Map.entry(e.getKey(), e.getValue()));
    }
    double mariadb = a.mariadbCpuNanos() < 0 || b.mariadbCpuNanos() < 0 ? -1
        : (b.mariadbCpuNanos() - a.mariadbCpuNanos()) / 1e9;
    return new Usage((b.nanos() - a.nanos()) / 1e9, Runtime.getRuntime().availableProcessors(),
        (b.processCpuNanos() - a.processCpuNanos()) / 1e9, mariadb,
        a.machineBusySeconds() < 0 || b.machineBusySeconds() < 0 ? -1
            : b.machineBusySeconds() - a.machineBusySeconds(),
        b.gcCount() - a.gcCount(), b.gcMs() - a.gcMs(), topGroups, topOthers(a, b, 3));
  }

  private static List<Map.Entry<String, Double>> topOthers(Snapshot a, Snapshot b, int top) {
    List<Map.Entry<String, Double>> out = new ArrayList<>();
    b.processes().forEach((pid, p) -> {
      ProcessCpu before = a.processes().get(pid);
      double seconds = (p.ticks() - (before == null ? 0 : before.ticks())) / (double) USER_HZ;
      if (seconds >= 0.5) {
        out.add(Map.entry(pid + " " + p.command(), seconds));
      }
    });
    out.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
    return out.subList(0, Math.min(top, out.size()));
  }

  /** Every other process's CPU ticks from /proc (not this JVM, not the metered mariadbd); empty off Linux. */
  private Map<Long, ProcessCpu> otherProcesses() {
    Map<Long, ProcessCpu> out = new HashMap<>();
    long self = ProcessHandle.current().pid();
    long db = mariadbd.map(ProcessHandle::pid).orElse(-1L);
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid == self || pid == db) {
          continue;
        }
        try {
          String stat = Files.readString(dir.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          String cmd = Files.readString(dir.resolve("cmdline")).replace('\0', ' ').trim();
          if (cmd.isEmpty()) {
            cmd = "[" + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + "]";
          }
          out.put(pid, new ProcessCpu(cmd.length() > 90 ? cmd.substring(0, 90) + "..." : cmd, ticks));
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return out;
  }

  /** Heap used now, then after a full GC (what stays live), and the maximum, in MiB. */
  static Map<String, Object> heap() {
    var memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage before = memory.getHeapMemoryUsage();
    System.gc();
    MemoryUsage after = memory.getHeapMemoryUsage();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("usedMiB", mib(before.getUsed()));
    m.put("usedAfterGcMiB", mib(after.getUsed()));
    m.put("committedMiB", mib(after.getCommitted()));
    m.put("maxMiB", mib(after.getMax()));
    return m;
  }

  private static long mib(long bytes) {
    return bytes < 0 ? -1 : bytes / (1024 * 1024);
  }

  /** Busy time of all CPUs since boot from /proc/stat (everything but idle and iowait); -1 off Linux. */
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

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
