package io.drover.scheduler.instance;

/**
 * The progress of an instance's current attempt, spread over several tasks: counts of its tasks by status, as a JSON
 * object. Written behind with the instance's other changes; shown by the instance API.
 */
public record Progress(long id, String json) implements InstanceWrite {

  @Override
  public long instanceId() {
    return id;
  }
}
