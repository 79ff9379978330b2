package io.drover.protocol;

import java.util.List;

/**
 * Subtasks of a map instance on their way from the worker coordinating it to a worker that runs them, relayed by
 * the leader (workers never connect to each other).
 *
 * @param coordinator the id of the worker coordinating the attempt (where the results go)
 * @param target the id of the worker that runs the subtasks
 */
public record SubtaskBatch(long instanceId, int attempt, long jobId, String processor, String params,
                           String coordinator, String target, List<Subtask> subtasks) implements Message {
  public SubtaskBatch {
    subtasks = subtasks == null ? List.of() : List.copyOf(subtasks);
  }
}
