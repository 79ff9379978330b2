package io.drover.scheduler.dispatch;

import io.drover.protocol.Dispatch;
import io.drover.protocol.TaskResult;
import io.drover.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks of one attempt of a broadcast instance: the workers chosen at dispatch time, each one's task state, and
 * the phase: pre-processing on one worker, then one task per worker, then post-processing on one worker. Holds
 * state only; {@link BroadcastFlow} acts on it. Thread-safe.
 */
final class BroadcastRun {
  /** Where the attempt is. */
  enum Phase { PRE, TASKS, POST, DONE }

  private static final class Task {
    final WorkerSession worker;
    TaskStatus status;
    String result;

    Task(WorkerSession worker) {
      this.worker = worker;
    }
  }

  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final WorkerSession pre;
  private Phase phase = Phase.PRE;
  private WorkerSession post;

  /** @param workers at least one; the first runs the pre-processing */
  BroadcastRun(List<WorkerSession> workers) {
    if (workers.isEmpty()) {
      throw new IllegalArgumentException("a broadcast needs at least one worker");
    }
    for (WorkerSession w : workers) {
      tasks.put(w.workerId(), new Task(w));
    }
    pre = workers.get(0);
  }

  WorkerSession preWorker() {
    return pre;
  }

  synchronized Phase phase() {
    return phase;
  }

  /** Every worker of the run, in dispatch order. */
  List<WorkerSession> workers() {
    List<WorkerSession> out = new ArrayList<>(tasks.size());
    for (Task t : tasks.values()) {
      out.add(t.worker);
    }
    return out;
  }

  /** A comma-separated list of the workers' ids, cut to fit the instance's worker column. */
  String label() {
    String all = String.join(",", tasks.keySet());
    return all.length() <= 128 ? all : all.substring(0, 124) + ",...";
  }

  boolean includes(WorkerSession w) {
    Task t = tasks.get(w.workerId());
    return t != null && t.worker == w;
  }

  /** The task the worker is running for this attempt now, or null when it runs none. */
  synchronized String runningTask(WorkerSession w) {
    return switch (phase) {
      case PRE -> w == pre ? Dispatch.BROADCAST_PRE : null;
      case TASKS -> includes(w) && tasks.get(w.workerId()).status == null ? Dispatch.BROADCAST_TASK : null;
      case POST -> w == post ? Dispatch.BROADCAST_POST : null;
      case DONE -> null;
    };
  }

  /** The pre-processing succeeded: the tasks may start. False when it was not the phase. */
  synchronized boolean startTasks() {
    if (phase != Phase.PRE) {
      return false;
    }
    phase = Phase.TASKS;
    return true;
  }

  /**
   * Records how the worker's task ended.
   *
   * @return true when this was the last task to end (the post-processing comes next)
   */
  synchronized boolean taskEnded(WorkerSession w, TaskStatus status, String result) {
    Task t = tasks.get(w.workerId());
    if (phase != Phase.TASKS || t == null || t.worker != w || t.status != null) {
      return false;
    }
    t.status = status;
    t.result = result;
    for (Task other : tasks.values()) {
      if (other.status == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Chooses the worker for the post-processing, never {@code unless}: the pre-processing's worker when it still takes
   * work, else the first worker of the run that does. Null (and the run is over) when none does.
   */
  synchronized WorkerSession choosePostWorker(WorkerSession unless) {
    phase = Phase.POST;
    post = null;
    if (pre != unless && pre.takingWork()) {
      post = pre;
    } else {
      for (Task t : tasks.values()) {
        if (t.worker != unless && t.worker.takingWork()) {
          post = t.worker;
          break;
        }
      }
    }
    if (post == null) {
      phase = Phase.DONE;
    }
    return post;
  }

  /** The run is over: no task of it is expected to report any more. */
  synchronized void finish() {
    phase = Phase.DONE;
  }

  synchronized List<TaskResult> results() {
    List<TaskResult> out = new ArrayList<>(tasks.size());
    tasks.forEach((id, t) -> out.add(new TaskResult(id, t.status, t.result)));
    return out;
  }

  /** The failed tasks, as {@code worker: reason}; empty when every task succeeded. */
  synchronized List<String> failures() {
    List<String> out = new ArrayList<>();
    tasks.forEach((id, t) -> {
      if (t.status != null && t.status != TaskStatus.SUCCEEDED) {
        out.add(id + ": " + t.result);
      }
    });
    return out;
  }

  int size() {
    return tasks.size();
  }

  /** Counts of the tasks by status, as JSON: {@code {"total":3,"running":1,"succeeded":2,"failed":0}}. */
  synchronized String progressJson() {
    int running = 0;
    int succeeded = 0;
    int failed = 0;
    for (Task t : tasks.values()) {
      if (t.status == null) {
        running++;
      } else if (t.status == TaskStatus.SUCCEEDED) {
        succeeded++;
      } else {
        failed++;
      }
    }
    return "{\"total\":" + tasks.size() + ",\"running\":" + running + ",\"succeeded\":" + succeeded
        + ",\"failed\":" + failed + "}";
  }
}
