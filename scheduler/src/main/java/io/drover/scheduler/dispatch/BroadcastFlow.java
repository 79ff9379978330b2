package io.drover.scheduler.dispatch;

import io.drover.protocol.Dispatch;
import io.drover.protocol.Report;
import io.drover.protocol.Stop;
import io.drover.protocol.TaskResult;
import io.drover.protocol.TaskStatus;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.Progress;
import io.drover.scheduler.instance.Transition;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.store.TransitionWriter;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a broadcast attempt through its phases: pre-processing on one worker, a task on each worker chosen at
 * dispatch time, post-processing on one worker with every task's result. The attempt succeeds when every task and
 * the post-processing succeed, and fails naming the workers whose task failed otherwise. A lost worker's task fails;
 * losing the worker of the pre-processing fails the attempt over; losing the post-processing's worker moves it to
 * another worker of the run.
 */
final class BroadcastFlow {
  private static final Logger log = LoggerFactory.getLogger(BroadcastFlow.class);

  private final InstanceTracker tracker;
  private final TransitionWriter writer;
  private final LongSupplier clock;

  BroadcastFlow(InstanceTracker tracker, TransitionWriter writer, LongSupplier clock) {
    this.tracker = tracker;
    this.writer = writer;
    this.clock = clock;
  }

  /** The run was dispatched: its pre-processing goes to its first worker. */
  void start(InFlight f, BroadcastRun run, long epoch) {
    writer.submit(new Progress(f.id(), run.progressJson()));
    send(f, run.preWorker(), Dispatch.BROADCAST_PRE, List.of(), epoch);
  }

  void onReport(InFlight f, BroadcastRun run, WorkerSession w, Report r, long epoch) {
    if (r.task() == null || !r.task().equals(run.runningTask(w))) {
      log.debug("Ignoring {} report of task {} of instance {} from worker {}: not a task it runs now", r.status(),
          r.task(), r.instanceId(), w.workerId());
      return;
    }
    long now = clock.getAsLong();
    if (r.status() == TaskStatus.RUNNING) {
      if (f.moveTo(InstanceStatus.RUNNING, null, now)) {
        writer.submit(Transition.running(f.id(), null, now));
      }
      return;
    }
    switch (r.task()) {
      case Dispatch.BROADCAST_PRE -> preEnded(f, run, w, r.status(), r.result(), epoch);
      case Dispatch.BROADCAST_TASK -> taskEnded(f, run, w, r.status(), r.result(), epoch);
      case Dispatch.BROADCAST_POST -> postEnded(f, run, r.status(), r.result());
      default -> log.debug("Ignoring a report of unknown task {} of instance {}", r.task(), f.id());
    }
  }

  /**
   * The worker refused what it was sent: the post-processing moves to another worker; a task or the pre-processing
   * fails with the reason.
   */
  void onRefused(InFlight f, BroadcastRun run, WorkerSession w, String reason, long epoch) {
    String task = run.runningTask(w);
    if (Dispatch.BROADCAST_POST.equals(task)) {
      movePost(f, run, w, "worker " + w.workerId() + " refused postProcess: " + reason, epoch);
    } else if (task != null) {
      onReport(f, run, w, new Report(f.id(), f.attempt(), TaskStatus.FAILED, "worker " + w.workerId()
          + " refused the task: " + reason, clock.getAsLong(), task), epoch);
    }
  }

  /** A worker of the run is gone: its task fails, or the attempt does when it held the pre-processing. */
  void onWorkerLost(InFlight f, BroadcastRun run, WorkerSession w, String how, long epoch) {
    String task = run.runningTask(w);
    if (task == null) {
      return;
    }
    String reason = "worker " + w.workerId() + how + " while running " + task + " of attempt " + f.attempt();
    switch (task) {
      case Dispatch.BROADCAST_PRE -> tracker.failOver(f, reason);
      case Dispatch.BROADCAST_TASK -> taskEnded(f, run, w, TaskStatus.FAILED, reason, epoch);
      default -> movePost(f, run, w, reason, epoch);
    }
  }

  private void movePost(InFlight f, BroadcastRun run, WorkerSession from, String reason, long epoch) {
    WorkerSession next = run.choosePostWorker(from);
    if (next == null) {
      concluded(f, run, InstanceStatus.FAILED, reason);
    } else {
      send(f, next, Dispatch.BROADCAST_POST, run.results(), epoch);
    }
  }

  /** Sends STOP to every worker of the run that is connected. */
  void stopAll(BroadcastRun run, long instanceId, int attempt, String reason) {
    for (WorkerSession w : run.workers()) {
      if (w.open()) {
        w.send(new Stop(instanceId, attempt, reason));
      }
    }
  }

  private void preEnded(InFlight f, BroadcastRun run, WorkerSession w, TaskStatus status, String result,
                        long epoch) {
    if (status != TaskStatus.SUCCEEDED) {
      tracker.failByPolicy(f, "preProcess failed on worker " + w.workerId() + ": " + result);
      return;
    }
    if (run.startTasks()) {
      for (WorkerSession each : run.workers()) {
        send(f, each, Dispatch.BROADCAST_TASK, List.of(), epoch);
      }
    }
  }

  private void taskEnded(InFlight f, BroadcastRun run, WorkerSession w, TaskStatus status, String result,
                         long epoch) {
    boolean last = run.taskEnded(w, status, result);
    writer.submit(new Progress(f.id(), run.progressJson()));
    if (!last) {
      return;
    }
    WorkerSession post = run.choosePostWorker(null);
    if (post == null) {
      concluded(f, run, InstanceStatus.FAILED, "no worker of the broadcast is connected to run postProcess");
    } else {
      send(f, post, Dispatch.BROADCAST_POST, run.results(), epoch);
    }
  }

  private void postEnded(InFlight f, BroadcastRun run, TaskStatus status, String result) {
    if (status == TaskStatus.SUCCEEDED) {
      concluded(f, run, InstanceStatus.SUCCEEDED, result);
    } else {
      concluded(f, run, InstanceStatus.FAILED, "postProcess failed: " + result);
    }
  }

  /** Ends the attempt: failed when any task failed, naming the workers, otherwise as the post-processing ended. */
  private void concluded(InFlight f, BroadcastRun run, InstanceStatus status, String result) {
    run.finish();
    List<String> failures = run.failures();
    if (!failures.isEmpty()) {
      tracker.failByPolicy(f, "broadcast task failed on " + failures.size() + " of " + run.size() + " workers: "
          + String.join("; ", failures));
    } else if (status == InstanceStatus.SUCCEEDED) {
      tracker.succeed(f, result);
    } else {
      tracker.failByPolicy(f, result);
    }
  }

  private void send(InFlight f, WorkerSession w, String task, List<TaskResult> results, long epoch) {
    Job job = f.job();
    w.send(new Dispatch(f.id(), f.attempt(), epoch, job.id(), job.processor(), f.instance().params(),
        job.timeoutMs(), task, results, null));
    log.debug("Sent {} of instance {} attempt {} to worker {}", task, f.id(), f.attempt(), w.workerId());
  }
}
