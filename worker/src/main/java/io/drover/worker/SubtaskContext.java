package io.drover.worker;

import io.drover.protocol.Subtask;
import io.drover.protocol.SubtaskBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The context of one subtask run: its batch's instance, its name and payload. Subtasks it maps are kept and sent
 * with its result, so a subtask run twice (its worker was lost) never adds its children twice.
 */
final class SubtaskContext implements TaskContext {
  private final SubtaskBatch batch;
  private final Subtask subtask;
  private final String workerId;
  private final TaskLog log;
  private final List<Subtask> children = new ArrayList<>();

  SubtaskContext(SubtaskBatch batch, Subtask subtask, String workerId, TaskLog log) {
    this.batch = batch;
    this.subtask = subtask;
    this.workerId = workerId;
    this.log = log;
  }

  @Override
  public long instanceId() {
    return batch.instanceId();
  }

  @Override
  public int attempt() {
    return batch.attempt();
  }

  @Override
  public long jobId() {
    return batch.jobId();
  }

  @Override
  public String params() {
    return batch.params() == null ? "" : batch.params();
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public TaskLog log() {
    return log;
  }

  @Override
  public String taskName() {
    return subtask.name() == null ? "" : subtask.name();
  }

  @Override
  public <T> T subtask(Class<T> type) {
    return SubtaskJson.read(subtask.payload(), type, taskName());
  }

  @Override
  public void map(List<?> subtasks, String name) {
    for (Object s : subtasks) {
      children.add(new Subtask(0, 1, name, SubtaskJson.write(s, name)));
    }
  }

  List<Subtask> children() {
    return children;
  }
}
