package io.drover.scheduler.dispatch;

import io.drover.protocol.Dispatch;
import io.drover.scheduler.instance.InstanceStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an app's instances to its workers. An instance with no worker free waits in order; it is retried when a
 * worker connects or a slot frees, and ends FAILED with the reason once it waited longer than the limit.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final String app;
  private final long epoch;
  private final WorkerRegistry registry;
  private final InstanceTracker tracker;
  private final LongSupplier clock;
  private final long noWorkerTimeoutMs;
  private final Deque<InFlight> waiting = new ArrayDeque<>();

  public Dispatcher(String app, long epoch, WorkerRegistry registry, InstanceTracker tracker, LongSupplier clock,
                    long noWorkerTimeoutMs) {
    this.app = app;
    this.epoch = epoch;
    this.registry = registry;
    this.tracker = tracker;
    this.clock = clock;
    this.noWorkerTimeoutMs = noWorkerTimeoutMs;
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

  /** A worker connected or a slot freed: dispatch what waits, in order, while slots last. */
  public void drain() {
    synchronized (waiting) {
      while (!waiting.isEmpty()) {
        InFlight f = waiting.peekFirst();
        if (f.status() != InstanceStatus.WAITING_DISPATCH) {
          waiting.pollFirst(); // ended while waiting (stopped)
          continue;
        }
        if (!tryDispatch(f)) {
          return;
        }
        waiting.pollFirst();
      }
    }
  }

  /** Puts a refused attempt back at the head of the queue. */
  void requeue(InFlight f) {
    synchronized (waiting) {
      waiting.addFirst(f);
    }
  }

  private boolean tryDispatch(InFlight f) {
    WorkerSession w = WorkerPicker.pickAndReserve(registry.workers(app));
    if (w == null) {
      return false;
    }
    long now = clock.getAsLong();
    if (!f.moveTo(InstanceStatus.DISPATCHED, w, now)) {
      w.release();
      return true; // ended meanwhile; nothing to send
    }
    tracker.dispatched(f, w, now);
    var job = f.job();
    w.send(new Dispatch(f.id(), f.attempt(), epoch, job.id(), job.processor(), f.instance().params(),
        job.timeoutMs()));
    log.debug("Dispatched instance {} of job {} to worker {}", f.id(), job.id(), w.workerId());
    return true;
  }

  /** Ends instances that waited for a worker longer than the limit. Called periodically. */
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
    for (InFlight f : expired) {
      tracker.giveUp(f, InstanceStatus.FAILED, "no eligible worker: app '" + app + "' had no connected worker"
          + " with a free slot for " + noWorkerTimeoutMs + " ms");
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
