package io.drover.worker;

import java.util.List;

/**
 * What a {@link Processor} is asked to run: one attempt of one instance of a job, or, for jobs in MAP and MAP_REDUCE
 * mode, its root task or one of its subtasks.
 */
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

  /** The name given to {@link #map} for the subtask being run; null for the root task (and other modes). */
  default String taskName() {
    return null;
  }

  /** True for the root task of a map instance (and for every attempt of other modes). */
  default boolean isRootTask() {
    return taskName() == null;
  }

  /**
   * The subtask being run, read from its JSON as {@code type}.
   *
   * @throws IllegalStateException when this is not a subtask, or its JSON does not fit {@code type}
   */
  default <T> T subtask(Class<T> type) {
    throw new IllegalStateException("instance " + instanceId() + " runs no subtask here: this is a root task");
  }

  /**
   * Spreads subtasks over the app's workers (jobs in MAP and MAP_REDUCE mode only): each is run by the same
   * processor, with {@link #taskName()} {@code name} and {@link #subtask(Class)} the value. Subtasks may map again.
   * A subtask is any value Jackson can write as JSON. The root's attempt ends once every subtask ended.
   *
   * @throws UnsupportedOperationException for jobs in other modes
   * @throws IllegalArgumentException when a subtask cannot be written as JSON
   */
  default void map(List<?> subtasks, String name) {
    throw new UnsupportedOperationException("ctx.map is only available to jobs in MAP or MAP_REDUCE mode");
  }
}
