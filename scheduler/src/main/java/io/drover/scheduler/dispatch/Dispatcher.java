package io.drover.scheduler.dispatch;

import io.drover.protocol.Dispatch;
import io.drover.protocol.Message;
import io.drover.protocol.Stop;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an app's instances to its workers, each to a worker its job's selector accepts, chosen by its job's
 * strategy. An instance no eligible worker can take waits, in fire order behind its job's earlier instances but
 * without holding up other jobs; it is retried when a worker connects or a slot frees, and ends with the reason
 * ("no eligible worker") once it waited longer than the limit.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final String app;
  private final long epoch;
  private final WorkerRegistry registry;
  private final InstanceTracker tracker;
  private final LongSupplier clock;
  private final long noWorkerTimeoutMs;
  private final InstanceStatus noWorkerStatus;
  private final WorkerPicker picker = new WorkerPicker();
  private final Deque<InFlight> waiting = new ArrayDeque<>();

  public Dispatcher(String app, long epoch, WorkerRegistry registry, InstanceTracker tracker, LongSupplier clock,
                    long noWorkerTimeoutMs, InstanceStatus noWorkerStatus) {
    this.app = app;
    this.epoch = epoch;
    this.registry = registry;
    this.tracker = tracker;
    this.clock = clock;
    this.noWorkerTimeoutMs = noWorkerTimeoutMs;
    this.noWorkerStatus = noWorkerStatus;
  }

  /** Takes responsibility for the instance and dispatches it now, or queues it until a worker is free. */
  public void submit(InFlight f) {
    tracker.track(f);
    resubmit(f);
  }

  /** Queues a tracked instance again (the next attempt after a backoff); dropped if it ended meanwhile. */
  void resubmit(InFlight f) {
    if (f.status() != InstanceStatus.WAITING_DISPATCH) {
      return;
    }
    synchronized (waiting) {
      waiting.addLast(f); // behind those already waiting: fire order is dispatch order
    }
    drain();
  }

  /**
   * A worker connected or a slot freed: dispatch what waits, in order, while slots last. An instance that cannot
   * be placed keeps its place, and so do its job's later instances; other jobs' instances go ahead.
   */
  public void drain() {
    synchronized (waiting) {
      if (waiting.isEmpty()) {
        return;
      }
      Collection<WorkerSession> workers = registry.workers(app);
      if (!WorkerPicker.anyFree(workers)) {
        return;
      }
      Set<Long> held = null;
      for (Iterator<InFlight> it = waiting.iterator(); it.hasNext(); ) {
        InFlight f = it.next();
        if (f.status() != InstanceStatus.WAITING_DISPATCH) {
          it.remove(); // ended while waiting (stopped)
          continue;
        }
        long jobId = f.job().id();
        if (held != null && held.contains(jobId)) {
          continue;
        }
        if (tryDispatch(f, workers)) {
          it.remove();
        } else {
          if (held == null) {
            held = new HashSet<>();
          }
          held.add(jobId);
          if (!WorkerPicker.anyFree(workers)) {
            return;
          }
        }
      }
    }
  }

  /** Puts a refused attempt back at the head of the queue. */
  void requeue(InFlight f) {
    synchronized (waiting) {
      waiting.addFirst(f);
    }
    drain();
  }

  private boolean tryDispatch(InFlight f, Collection<WorkerSession> workers) {
    Job job = f.job();
    if (job.mode() == ExecutionMode.BROADCAST) {
      return tryBroadcast(f, workers);
    }
    WorkerSession w = picker.pickAndReserve(DispatchStrategy.of(job.dispatchStrategy()),
        WorkerSelector.of(job.workerSelector()), job.id(), workers);
    if (w == null) {
      return false;
    }
    long now = clock.getAsLong();
    if (!f.moveTo(InstanceStatus.DISPATCHED, w, now)) {
      w.release();
      return true; // ended meanwhile; nothing to send
    }
    tracker.dispatched(f, w.workerId(), now);
    int attempt = f.attempt();
    if (job.mode().spreadsSubtasks() && attempt > 1) {
      // a former leader may not have stopped the previous attempt (it crashed): its coordinator and subtasks stop
      sendToAll(new Stop(f.id(), attempt - 1, "superseded by attempt " + attempt));
    }
    w.send(new Dispatch(f.id(), attempt, epoch, job.id(), job.processor(), f.instance().params(),
        job.timeoutMs(), null, List.of(), job.mode().spreadsSubtasks() ? job.mode().name() : null))
        .addListener(sent -> {
          if (!sent.isSuccess()) { // the channel closed between the pick and the write
            tracker.sendFailed(f, w, attempt, sent.cause());
          }
        });
    log.debug("Dispatched instance {} of job {} to worker {}", f.id(), job.id(), w.workerId());
    return true;
  }

  /**
   * A broadcast goes to every worker its job's selector accepts that has a free slot now, one slot on each, held
   * until the attempt ends; it waits while there is none.
   */
  private boolean tryBroadcast(InFlight f, Collection<WorkerSession> workers) {
    WorkerSelector selector = WorkerSelector.of(f.job().workerSelector());
    List<WorkerSession> chosen = new ArrayList<>();
    for (WorkerSession w : workers) {
      if (w.takingWork() && selector.matches(w) && w.tryReserve()) {
        chosen.add(w);
      }
    }
    if (chosen.isEmpty()) {
      return false;
    }
    chosen.sort(Comparator.comparing(WorkerSession::workerId));
    long now = clock.getAsLong();
    if (!f.moveTo(InstanceStatus.DISPATCHED, null, now)) {
      chosen.forEach(WorkerSession::release);
      return true;
    }
    BroadcastRun run = new BroadcastRun(chosen);
    f.broadcast(run);
    tracker.dispatched(f, run.label(), now);
    tracker.broadcastDispatched(f, run);
    log.debug("Broadcast instance {} of job {} to {} worker(s): {}", f.id(), f.job().id(), chosen.size(),
        run.label());
    return true;
  }

  /** Ends instances that waited for an eligible worker longer than the limit. Called periodically. */
  public void expireWaiting() {
    long now = clock.getAsLong();
    List<InFlight> expired = new ArrayList<>();
    synchronized (waiting) {
      for (Iterator<InFlight> it = waiting.iterator(); it.hasNext(); ) {
        InFlight f = it.next();
        if (now - f.waitingSince() >= noWorkerTimeoutMs) {
          it.remove();
          expired.add(f);
        }
      }
    }
    Collection<WorkerSession> workers = registry.workers(app);
    for (InFlight f : expired) {
      tracker.giveUp(f, noWorkerStatus, noEligibleWorker(f.job(), workers));
    }
  }

  private String noEligibleWorker(Job job, Collection<WorkerSession> workers) {
    WorkerSelector selector = WorkerSelector.of(job.workerSelector());
    String why;
    if (workers.isEmpty()) {
      why = "app '" + app + "' has no connected worker";
    } else if (!WorkerPicker.anyEligible(selector, workers)) {
      why = "no connected worker of app '" + app + "' matches workerSelector '" + selector + "'";
    } else {
      why = "the eligible workers of app '" + app + "' had no free slot";
    }
    return "no eligible worker: " + why + " for " + noWorkerTimeoutMs + " ms";
  }

  /** Sends the frame to every worker of the app connected here. */
  void sendToAll(Message m) {
    for (WorkerSession w : registry.workers(app)) {
      if (w.open()) {
        w.send(m);
      }
    }
  }

  public int waitingCount() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  public long epoch() {
    return epoch;
  }
}
