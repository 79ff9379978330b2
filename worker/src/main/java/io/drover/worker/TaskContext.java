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
}
