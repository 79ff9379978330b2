package io.drover.bench.procs;

import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process of a {@link ProcessCluster}: one {@link Worker} per app, each with the no-op processor
 * {@value #PROCESSOR} (returns at once), all connecting to the servers' transport addresses (a worker follows its
 * app's leader from there). Prints {@code CONNECTED} once every one is connected, and runs until SIGTERM or until
 * its standard input closes.
 *
 * <pre>java ... io.drover.bench.procs.BenchWorkerMain SERVERS WORKER_ID SECRET APP[,APP...]</pre>
 */
public final class BenchWorkerMain {
  static final String PROCESSOR = "noop";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

  private BenchWorkerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: BenchWorkerMain SERVERS WORKER_ID SECRET APP[,APP...]");
      System.exit(2);
    }
    List<Worker> workers = new ArrayList<>();
    Thread closer = new Thread(() -> closeAll(workers), "bench-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(closer);
    for (String app : args[3].split(",")) {
      synchronized (workers) {
        workers.add(Worker.builder()
            .app(app).secret(args[2])
            .servers(args[0])
            .workerId(args[1] + "-" + app)
            .capacity(16)
            .shutdownDeadline(Duration.ZERO)
            .processor(PROCESSOR, ctx -> Result.ok(""))
            .start());
      }
    }
    for (Worker w : workers) {
      if (!w.awaitConnected(CONNECT_TIMEOUT)) {
        System.out.println("FAILED worker " + w.id() + " did not connect within " + CONNECT_TIMEOUT.toSeconds()
            + " s to " + args[0]);
        System.exit(1);
      }
    }
    System.out.println("CONNECTED");
    System.out.flush();
    BenchInfra.awaitEndOfInput(System.in);
    System.exit(0); // runs the shutdown hook
  }

  private static void closeAll(List<Worker> workers) {
    synchronized (workers) {
      for (int i = workers.size() - 1; i >= 0; i--) {
        workers.get(i).close();
      }
    }
  }
}
