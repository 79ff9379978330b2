package io.drover.protocol;

/**
 * Progress or outcome of an attempt, sent by the worker that runs it.
 *
 * @param at worker wall-clock time in epoch milliseconds when the state was reached
 * @param task the task of the attempt this reports on, as its DISPATCH named it (null: the whole attempt)
 */
public record Report(long instanceId, int attempt, TaskStatus status, String result, long at, String task)
    implements Message {

  /** A report on a whole attempt. */
  public Report(long instanceId, int attempt, TaskStatus status, String result, long at) {
    this(instanceId, attempt, status, result, at, null);
  }

  /**
   * The result of a FAILED report for an attempt the worker gave up because it shut down: not the job's failure,
   * so the server moves the instance to another worker at once, as for a lost worker.
   */
  public static final String WORKER_SHUT_DOWN = "worker shut down before the attempt finished";

  /** True when the worker gave the attempt up because it shut down. */
  public boolean abandonedByShutdown() {
    return status == TaskStatus.FAILED && WORKER_SHUT_DOWN.equals(result);
  }
}
