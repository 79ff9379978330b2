package io.drover.scheduler.dispatch;

import io.drover.protocol.Ack;
import io.drover.protocol.MapProgress;
import io.drover.protocol.Message;
import io.drover.protocol.Report;

/** What a worker connection talks to once the leader of its app has welcomed it. */
public interface AppLink {
  long epoch();

  void attached(WorkerSession worker);

  void detached(WorkerSession worker);

  void ack(WorkerSession worker, Ack ack);

  void report(WorkerSession worker, Report report);

  /** True when the worker runs the instance's current attempt here (its log lines are kept, others dropped). */
  boolean runs(WorkerSession worker, long instanceId);

  /** Subtasks or their results, from one worker of the app to another (map instances); dropped by default. */
  default void relay(WorkerSession from, Message message) {}

  /** Progress of a map attempt, from the worker coordinating it; ignored by default. */
  default void progress(WorkerSession from, MapProgress progress) {}
}
