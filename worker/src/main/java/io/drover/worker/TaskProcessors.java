package io.drover.worker;

import io.drover.protocol.Dispatch;
import io.drover.protocol.TaskResult;
import io.drover.protocol.TaskStatus;
import java.util.List;

/** Which code of a registered processor a DISPATCH runs: the whole processor, or one task of a broadcast. */
final class TaskProcessors {
  private TaskProcessors() {}

  /**
   * The processor to run for the dispatch's task; null when the dispatch names a task this worker does not know.
   *
   * @param relay where the root task of a map attempt finds its coordinator; null when maps are not supported
   */
  static Processor forTask(Dispatch d, Processor registered, MapRelay relay) {
    if (d.mapRoot()) {
      return relay == null ? null : new MapRoot(d, registered, relay);
    }
    String task = d.task();
    if (task == null || Dispatch.BROADCAST_TASK.equals(task)) {
      return registered;
    }
    BroadcastProcessor hooks = registered instanceof BroadcastProcessor b ? b : new BroadcastProcessor() {
      @Override
      public Result process(TaskContext ctx) throws Exception {
        return registered.process(ctx);
      }
    };
    if (Dispatch.BROADCAST_PRE.equals(task)) {
      return hooks::preProcess;
    }
    if (Dispatch.BROADCAST_POST.equals(task)) {
      List<TaskOutcome> outcomes = d.taskResults().stream().map(TaskProcessors::outcome).toList();
      return ctx -> hooks.postProcess(ctx, outcomes);
    }
    return null;
  }

  private static TaskOutcome outcome(TaskResult r) {
    return new TaskOutcome(r.worker(), r.status() == TaskStatus.SUCCEEDED, r.result());
  }
}
