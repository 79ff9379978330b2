package io.drover.bench;

import io.drover.worker.MapReduceProcessor;
import io.drover.worker.Result;
import io.drover.worker.SubtaskResult;
import io.drover.worker.TaskContext;
import io.drover.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker of the map-reduce bench, run as its own process so that its heap is its own: registers the no-op
 * map-reduce processor, samples its used heap every 20 ms, and prints {@code CONNECTED}, then {@code PEAK_HEAP
 * <bytes>} when its standard input says {@code report}, and exits when it says {@code stop} (or closes).
 *
 * <pre>java -Xmx512m ... io.drover.bench.MapBenchWorker host:port workerId capacity</pre>
 */
public final class MapBenchWorker {
  static final String PROCESSOR = "noop-map";
  /** Subtasks the root maps per {@code ctx.map} call, so its own list stays small. */
  static final int MAP_CHUNK = 50_000;

  private MapBenchWorker() {}

  /** Root: maps params (a count) no-op subtasks, in chunks; subtasks do nothing; reduce counts the successes. */
  static final class NoopMapReduce implements MapReduceProcessor {
    @Override
    public Result process(TaskContext ctx) {
      if (!ctx.isRootTask()) {
        return Result.ok(null);
      }
      int n = Integer.parseInt(ctx.params().trim());
      List<Integer> chunk = new ArrayList<>(MAP_CHUNK);
      for (int i = 1; i <= n; i++) {
        chunk.add(i);
        if (chunk.size() == MAP_CHUNK || i == n) {
          ctx.map(chunk, "noop");
          chunk.clear();
        }
      }
      return Result.ok(null);
    }

    @Override
    public Result reduce(TaskContext ctx, List<SubtaskResult> results) {
      long ok = 0;
      for (SubtaskResult r : results) {
        if (r.success()) {
          ok++;
        }
      }
      return Result.ok(Long.toString(ok));
    }
  }

  static Worker.Builder builder(String servers, String workerId, int capacity) {
    return Worker.builder().app(LoadCluster.APP).secret(LoadCluster.SECRET).servers(servers).workerId(workerId)
        .capacity(capacity).shutdownDeadline(Duration.ZERO).processor(PROCESSOR, new NoopMapReduce());
  }

  public static void main(String[] args) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try (Worker w = builder(args[0], args[1], Integer.parseInt(args[2])).start()) {
      if (!w.awaitConnected(Duration.ofSeconds(30))) {
        System.out.println("FAILED not connected");
        return;
      }
      System.out.println("CONNECTED");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
        if (line.equals("report")) {
          System.out.println("PEAK_HEAP " + peak.get() + " " + memory.getHeapMemoryUsage().getMax());
          System.out.flush();
        }
      }
    } finally {
      sampler.interrupt();
    }
  }
}
