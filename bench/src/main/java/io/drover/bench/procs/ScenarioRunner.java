package io.drover.bench.procs;

import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs one process scenario from start to end: starts the cluster, lets the scenario measure, stops everything,
 * checks that no process of the run is left, then writes the {@link ScenarioResult} to the result file and prints
 * its table. A failure is recorded in the result (figures gathered so far stay) and keeps the children's logs.
 */
final class ScenarioRunner {
  /** Exit codes of the scenario mains. */
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int LEFT_RUNNING = 3;

  /** What a scenario measures on a running cluster, into its result. */
  interface Scenario {
    ClusterSpec cluster(ProcsOptions o);

    void measure(ProcessCluster cluster, ProcsOptions o, ScenarioResult result, PrintStream out) throws Exception;
  }

  private ScenarioRunner() {}

  /** Returns the exit code: {@link #OK}, {@link #FAILED} (the result says why) or {@link #LEFT_RUNNING}. */
  static int run(Scenario scenario, ProcsOptions o, ScenarioResult result, PrintStream out) {
    int code = OK;
    ProcessCluster cluster = null;
    try {
      cluster = ProcessCluster.start(scenario.cluster(o), out);
      if (o.keepLogs()) {
        cluster.keepLogs();
      }
      result.detail("settings", cluster.settings());
      scenario.measure(cluster, o, result, out);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      out.println("FAILED: " + e);
      e.printStackTrace(out);
      result.failed(e.toString());
      code = FAILED;
      if (cluster != null) {
        cluster.keepLogs();
      }
    } finally {
      if (cluster != null) {
        code = close(cluster, result, out, code);
      }
    }
    try {
      result.write(o.result());
      out.println("Result written to " + o.result());
    } catch (Exception e) {
      out.println("FAILED: cannot write the result to " + o.result() + ": " + e);
      code = code == OK ? FAILED : code;
    }
    ResultTable.print(result, out);
    return code;
  }

  private static int close(ProcessCluster cluster, ScenarioResult result, PrintStream out, int code) {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<ProcessHandle> left = cluster.leftovers();
    if (!left.isEmpty()) {
      String pids = left.stream().map(p -> String.valueOf(p.pid())).toList().toString();
      out.println("FAILED: processes of the run still alive after close: " + pids);
      if (result.isCompleted()) {
        result.failed("processes left running: " + pids);
      }
      return LEFT_RUNNING;
    }
    return code;
  }
}
