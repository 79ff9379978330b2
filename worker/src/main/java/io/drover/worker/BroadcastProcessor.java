package io.drover.worker;

import java.util.List;

/**
 * A processor for jobs in BROADCAST mode: {@link #process} runs once on every eligible worker, and the hooks run
 * once per attempt each, on one worker: {@link #preProcess} before any task starts, {@link #postProcess} after every
 * task ended, with every task's outcome.
 *
 * <p>A failed pre-processing fails the attempt before any task runs. The instance succeeds when every task and the
 * post-processing succeed; otherwise it fails naming the workers whose task failed.
 */
public interface BroadcastProcessor extends Processor {

  /** Runs once, on one worker, before the tasks; the default does nothing. */
  default Result preProcess(TaskContext ctx) throws Exception {
    return Result.ok(null);
  }

  /**
   * Runs once, on one worker, after every task ended (succeeded or not); its result becomes the instance's result
   * when all tasks succeeded. The default reports how many tasks succeeded.
   */
  default Result postProcess(TaskContext ctx, List<TaskOutcome> results) throws Exception {
    long ok = results.stream().filter(TaskOutcome::success).count();
    return Result.ok(ok + " of " + results.size() + " broadcast task(s) succeeded");
  }
}
