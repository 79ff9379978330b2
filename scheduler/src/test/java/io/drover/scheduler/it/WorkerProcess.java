package io.drover.scheduler.it;

import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.io.File;
import java.util.List;

/**
 * A worker in a JVM of its own, so a test can kill it for real ({@code kill -9}) or freeze it ({@code SIGSTOP}).
 * Arguments: app, secret, servers, worker id. Its {@code sleep} processor sleeps params ms.
 */
public final class WorkerProcess {
  private WorkerProcess() {}

  public static void main(String[] args) throws Exception {
    Worker w = Worker.builder().app(args[0]).secret(args[1]).servers(args[2]).workerId(args[3]).capacity(4)
        .processor("sleep", ctx -> {
          Thread.sleep(Long.parseLong(ctx.params()));
          return Result.ok("slept on " + ctx.workerId());
        })
        .start();
    Thread.currentThread().join(); // until killed
  }

  /** Starts one with this JVM's class path; its output goes to the test's output. */
  static Process start(String app, String secret, String servers, String workerId) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    return new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        WorkerProcess.class.getName(), app, secret, servers, workerId)).inheritIO().start();
  }
}
