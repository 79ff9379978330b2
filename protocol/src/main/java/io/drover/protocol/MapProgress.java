package io.drover.protocol;

/** Counts of a map attempt's subtasks by status, sent by the worker coordinating it to the leader. */
public record MapProgress(long instanceId, int attempt, long total, long waiting, long running, long succeeded,
                          long failed) implements Message {

  /** The counts as a JSON object. */
  public String toJson() {
    return "{\"total\":" + total + ",\"waiting\":" + waiting + ",\"running\":" + running + ",\"succeeded\":"
        + succeeded + ",\"failed\":" + failed + "}";
  }
}
