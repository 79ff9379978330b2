package io.drover.scheduler.dispatch;

import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.job.Job;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a job's {@code maxInstances} and {@code overlapPolicy} before an instance is dispatched. ALLOW (or
 * maxInstances 0) lets every instance run; SKIP records the new instance SKIPPED with the reason; QUEUE holds it
 * until a running instance of the job ends; REPLACE stops the running ones and runs the new one.
 */
public final class OverlapGuard {
  private static final Logger log = LoggerFactory.getLogger(OverlapGuard.class);

  private final InstanceTracker tracker;
  private final Dispatcher dispatcher;
  private final Map<Long, Deque<InFlight>> queued = new ConcurrentHashMap<>();

  public OverlapGuard(InstanceTracker tracker, Dispatcher dispatcher) {
    this.tracker = tracker;
    this.dispatcher = dispatcher;
  }

  /** Dispatches, queues, replaces or skips a new instance, as its job says. */
  public void submit(InFlight f) {
    Job job = f.job();
    int max = job.maxInstances();
    String policy = job.overlapPolicy();
    if (max <= 0 || "ALLOW".equals(policy)) {
      dispatcher.submit(f);
      return;
    }
    synchronized (this) {
      int running = tracker.activeCount(job.id());
      if (running < max) {
        dispatcher.submit(f);
        return;
      }
      switch (policy) {
        case "SKIP" -> tracker.endUntracked(f, InstanceStatus.SKIPPED, "overlap: " + running + " instance(s) of job " + job.id()
            + " still running (maxInstances " + max + ", overlapPolicy SKIP)");
        case "QUEUE" -> {
          queued.computeIfAbsent(job.id(), k -> new ArrayDeque<>()).addLast(f);
          log.debug("Instance {} of job {} queued behind {} running", f.id(), job.id(), running);
        }
        case "REPLACE" -> {
          List<InFlight> old = tracker.active(job.id());
          for (InFlight o : old) {
            tracker.stop(o.id(), "replaced by instance " + f.id() + " (overlapPolicy REPLACE)");
          }
          dispatcher.submit(f);
        }
        default -> dispatcher.submit(f);
      }
    }
  }

  /** An instance of the job ended: start the next queued one, if any. */
  public void ended(long jobId) {
    InFlight next;
    synchronized (this) {
      Deque<InFlight> q = queued.get(jobId);
      if (q == null || q.isEmpty()) {
        return;
      }
      next = q.pollFirst();
      if (q.isEmpty()) {
        queued.remove(jobId);
      }
    }
    submit(next);
  }

  /** Cancels a queued instance; false when it is not queued here. */
  public boolean cancelQueued(long instanceId, String reason) {
    InFlight found = null;
    synchronized (this) {
      for (Deque<InFlight> q : queued.values()) {
        for (InFlight f : q) {
          if (f.id() == instanceId) {
            found = f;
          }
        }
        if (found != null) {
          q.remove(found);
          break;
        }
      }
    }
    if (found == null) {
      return false;
    }
    tracker.endUntracked(found, InstanceStatus.CANCELED, reason);
    return true;
  }

  /** Instances waiting behind a running one of the same job. */
  public int queuedCount() {
    return queued.values().stream().mapToInt(Deque::size).sum();
  }
}
