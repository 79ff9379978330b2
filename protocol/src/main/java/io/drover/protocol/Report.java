package io.drover.protocol;

/**
 * Progress or outcome of an attempt, sent by the worker that runs it.
 *
 * @param at worker wall-clock time in epoch milliseconds when the state was reached
 * @param task the task of the attempt this reports on, as its DISPATCH named it (null: the whole attempt)
 * @param startedAt worker wall-clock time in epoch milliseconds when the processor started, or 0 when it did not
 *     start (or the worker predates this field). Added later: a worker sends RUNNING only for an attempt still
 *     running after a short delay, and the outcome of an attempt that ended sooner carries its start here. The
 *     server takes only the difference {@code at - startedAt}, so the two clocks need not agree.
 */
public record Report(long instanceId, int attempt, TaskStatus status, String result, long at, String task,
                     long startedAt) implements Message {

  /** A report on a whole attempt, without its start time. */
  public Report(long instanceId, int attempt, TaskStatus status, String result, long at) {
    this(instanceId, attempt, status, result, at, null, 0);
  }

  /** A report without its start time. */
  public Report(long instanceId, int attempt, TaskStatus status, String result, long at, String task) {
    this(instanceId, attempt, status, result, at, task, 0);
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

  /** How long the processor had run when this was sent, by the worker's clock; 0 when the start is not given. */
  public long ranForMs() {
    return startedAt > 0 ? Math.max(0, at - startedAt) : 0;
  }
}
