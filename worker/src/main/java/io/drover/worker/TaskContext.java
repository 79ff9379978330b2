package io.drover.worker;

/** What a {@link Processor} is asked to run: one attempt of one instance of a job. */
public interface TaskContext {

  /** The id of the instance (one run of the job). */
  long instanceId();

  /** The attempt number of this try, starting at 1; a retry runs with the next number. */
  int attempt();

  /** The id of the job the instance belongs to. */
  long jobId();

  /** The instance's parameters; never null, {@code ""} when the job has none. */
  String params();

  /** The id of the worker running the attempt. */
  String workerId();

  /**
   * The instance log: lines written here are sent to the server and shown with the instance.
   *
   * <p>The contexts a worker hands to processors always override this. The default, for contexts made elsewhere
   * (a test calling a processor directly), writes the lines to this application's SLF4J log instead, under the
   * logger {@code io.drover.worker.TaskLog}.
   */
  default TaskLog log() {
    return Slf4jTaskLog.INSTANCE;
  }
}
