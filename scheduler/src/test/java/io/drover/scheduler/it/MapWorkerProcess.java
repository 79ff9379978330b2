package io.drover.scheduler.it;

import io.drover.worker.Worker;
import java.io.File;
import java.util.List;

/**
 * A map-reduce worker in a JVM of its own (the {@code sum} processor of {@link MapReduceTest}), so a test can
 * {@code kill -9} it mid-run. Arguments: app, secret, servers, worker id.
 */
public final class MapWorkerProcess {
  private MapWorkerProcess() {}

  public static void main(String[] args) throws Exception {
    MapReduceTest.RUNS.set(new MapReduceTest.Runs()); // counted in this process, which dies with its counts
    Worker.builder().app(args[0]).secret(args[1]).servers(args[2]).workerId(args[3]).capacity(4)
        .processor("sum", new MapReduceTest.Sum()).start();
    Thread.currentThread().join(); // until killed
  }

  static Process start(String app, String secret, String servers, String workerId) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        MapWorkerProcess.class.getName(), app, secret, servers, workerId)).inheritIO().start();
  }
}
