package io.drover.worker;

import java.util.List;

/**
 * A processor for jobs in MAP_REDUCE mode: {@link #process} runs the root task (which calls
 * {@link TaskContext#map}) and every subtask; {@link #reduce} runs once, on the worker that ran the root task, after
 * every subtask ended, and its result is the instance's result.
 */
public interface MapReduceProcessor extends Processor {

  /**
   * Combines the results of every subtask, at every level.
   *
   * @param results one per subtask, in the order they were mapped; read lazily from the worker's local disk, so a
   *     million fit: iterate rather than copy
   */
  Result reduce(TaskContext ctx, List<SubtaskResult> results) throws Exception;
}
