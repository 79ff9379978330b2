package io.drover.scheduler.it;

import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker in a JVM of its own, so a test can kill it for real ({@code kill -9}) or freeze it ({@code SIGSTOP}).
 * Arguments: app, secret, servers, worker id. Its {@code sleep} processor sleeps params ms.
 */
public final class WorkerProcess {
  private WorkerProcess() {}

  public static void main(String[] args) throws Exception {
    Path interrupted = args.length > 4 ? Path.of(args[4]) : null;
    Worker w = Worker.builder().app(args[0]).secret(args[1]).servers(args[2]).workerId(args[3]).capacity(4)
        .processor("sleep", ctx -> {
          try {
            Thread.sleep(Long.parseLong(ctx.params()));
          } catch (InterruptedException e) {
            if (interrupted != null) { // tells the test which attempt was stopped
              Files.writeString(interrupted, ctx.instanceId() + " attempt " + ctx.attempt() + "\n",
                  StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            throw e;
          }
          return Result.ok("slept on " + ctx.workerId());
        })
        .start();
    Thread.currentThread().join(); // until killed
  }

  /** Starts one with this JVM's class path; its output goes to the test's output. */
  static Process start(String app, String secret, String servers, String workerId) throws Exception {
    return start(app, secret, servers, workerId, null);
  }

  /** As above; each attempt its {@code sleep} processor was interrupted in is appended to {@code interrupted}. */
  static Process start(String app, String secret, String servers, String workerId, Path interrupted)
      throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        WorkerProcess.class.getName(), app, secret, servers, workerId));
    if (interrupted != null) {
      command.add(interrupted.toString());
    }
    return new ProcessBuilder(command).inheritIO().start();
  }
}
