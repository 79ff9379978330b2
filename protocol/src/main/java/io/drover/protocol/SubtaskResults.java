package io.drover.protocol;

import java.util.List;

/**
 * Outcomes of subtasks on their way back from the worker that ran them to the worker coordinating the attempt,
 * relayed by the leader.
 *
 * @param worker the id of the worker that ran them
 * @param coordinator the id of the worker coordinating the attempt
 */
public record SubtaskResults(long instanceId, int attempt, String worker, String coordinator,
                             List<SubtaskOutcome> outcomes) implements Message {
  public SubtaskResults {
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
  }
}
