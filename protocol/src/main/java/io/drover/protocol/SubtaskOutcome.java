package io.drover.protocol;

import java.util.List;

/**
 * How one try of a subtask ended.
 *
 * @param children subtasks the subtask mapped (each with id 0; the coordinator numbers them when it accepts this)
 */
public record SubtaskOutcome(long id, int tryNo, boolean success, String result, List<Subtask> children) {
  public SubtaskOutcome {
    children = children == null ? List.of() : List.copyOf(children);
  }
}
