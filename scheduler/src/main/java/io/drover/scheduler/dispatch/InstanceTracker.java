package io.drover.scheduler.dispatch;

import io.drover.protocol.Ack;
import io.drover.protocol.Report;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.Transition;
import io.drover.scheduler.store.TransitionWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's view of an app's unfinished instances: applies workers' acks and reports to the state machine,
 * writes each change behind, and frees the worker's slot when an attempt ends.
 */
public final class InstanceTracker {
  private static final Logger log = LoggerFactory.getLogger(InstanceTracker.class);

  private final Map<Long, InFlight> active = new ConcurrentHashMap<>();
  private final TransitionWriter writer;
  private final LongSupplier clock;
  private final InstanceListener listener;
  private volatile Dispatcher dispatcher;

  public InstanceTracker(TransitionWriter writer, LongSupplier clock, InstanceListener listener) {
    this.writer = writer;
    this.clock = clock;
    this.listener = listener;
  }

  public void bind(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  void track(InFlight f) {
    active.put(f.id(), f);
  }

  /** Tracks an instance a previous leader dispatched; a reconnecting worker's reports claim it. */
  public void adopt(InFlight f) {
    active.put(f.id(), f);
  }

  /** Fails an adopted instance that no worker has claimed (no report since the takeover). */
  public void failIfUnclaimed(long id, String reason) {
    InFlight f = active.get(id);
    if (f != null && f.worker() == null && f.status() != InstanceStatus.WAITING_DISPATCH) {
      finish(f, InstanceStatus.FAILED, null, reason, clock.getAsLong());
    }
  }

  public int activeCount() {
    return active.size();
  }

  public Collection<InFlight> active() {
    return active.values();
  }

  public void onAck(WorkerSession w, Ack ack) {
    InFlight f = active.get(ack.instanceId());
    if (f == null || ack.accepted()) {
      return;
    }
    log.info("Worker {} refused instance {} attempt {}: {}", w.workerId(), ack.instanceId(), ack.attempt(),
        ack.reason());
    if (f.worker() == w && f.moveTo(InstanceStatus.WAITING_DISPATCH, null)) {
      w.release();
      writer.submit(new Transition(f.id(), InstanceStatus.WAITING_DISPATCH, null, null, null, null, null));
      dispatcher.requeue(f);
    }
  }

  public void onReport(WorkerSession w, Report r) {
    InFlight f = active.get(r.instanceId());
    if (f == null) {
      log.debug("Report for instance {} that this leader does not track (ended or not ours): {}",
          r.instanceId(), r.status());
      return;
    }
    long now = clock.getAsLong();
    switch (r.status()) {
      case RUNNING -> {
        if (f.moveTo(InstanceStatus.RUNNING, w)) {
          writer.submit(Transition.running(f.id(), w.workerId(), now));
        }
      }
      case SUCCEEDED -> finish(f, InstanceStatus.SUCCEEDED, w, r.result(), now);
      case FAILED -> finish(f, InstanceStatus.FAILED, w, r.result(), now);
      case CANCELED -> finish(f, InstanceStatus.CANCELED, w, r.result(), now);
    }
  }

  /** Ends the attempts that ran on a worker that is gone. */
  public void onWorkerLost(WorkerSession w) {
    long now = clock.getAsLong();
    for (InFlight f : List.copyOf(active.values())) {
      if (f.worker() == w) {
        finish(f, InstanceStatus.FAILED, w, "worker " + w.workerId() + " was lost while running this attempt", now);
      }
    }
  }

  /** Moves the instance to a terminal state once; later reports for it are ignored. */
  void finish(InFlight f, InstanceStatus status, WorkerSession w, String result, long now) {
    WorkerSession ranOn = f.worker();
    if (!f.moveTo(status, ranOn)) {
      return;
    }
    active.remove(f.id());
    if (ranOn != null) {
      ranOn.release();
    }
    String worker = w != null ? w.workerId() : ranOn != null ? ranOn.workerId() : null;
    writer.submit(Transition.finished(f.id(), status, worker, result, now));
    log.debug("Instance {} of job {} ended {}", f.id(), f.job().id(), status);
    listener.ended(f, status, now);
    if (ranOn != null && dispatcher != null) {
      dispatcher.drain();
    }
  }
}
