package io.drover.scheduler.dispatch;

import io.drover.protocol.Members;
import io.drover.protocol.Message;
import io.drover.protocol.SubtaskBatch;
import io.drover.protocol.SubtaskResults;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's part in map instances: it passes subtasks from the worker coordinating an attempt to the worker it
 * names, and their results back, over the connections workers already hold (so no worker needs an inbound port),
 * and tells every worker of the app which workers are connected whenever one joins or leaves. Only frames of an
 * attempt this leader runs, between workers of the app, are passed on; the coordinator bounds how many subtasks are
 * in flight per worker, which bounds what the leader holds.
 */
public final class SubtaskRelay {
  private static final Logger log = LoggerFactory.getLogger(SubtaskRelay.class);

  private final String app;
  private final WorkerRegistry registry;
  private final InstanceTracker tracker;

  public SubtaskRelay(String app, WorkerRegistry registry, InstanceTracker tracker) {
    this.app = app;
    this.registry = registry;
    this.tracker = tracker;
  }

  public void relay(WorkerSession from, Message m) {
    if (m instanceof SubtaskBatch b) {
      if (!from.workerId().equals(b.coordinator()) || !tracker.coordinates(b.instanceId(), b.attempt(), from)) {
        drop(from, m, "it does not coordinate instance " + b.instanceId() + " attempt " + b.attempt());
        return;
      }
      forward(from, b.target(), m);
    } else if (m instanceof SubtaskResults r) {
      WorkerSession coordinator = registry.find(app, r.coordinator());
      if (!from.workerId().equals(r.worker()) || coordinator == null
          || !tracker.coordinates(r.instanceId(), r.attempt(), coordinator)) {
        drop(from, m, "instance " + r.instanceId() + " attempt " + r.attempt() + " is not coordinated by "
            + r.coordinator() + " here");
        return;
      }
      coordinator.send(m);
    }
  }

  private void forward(WorkerSession from, String target, Message m) {
    WorkerSession to = registry.find(app, target);
    if (to == null || !to.open()) {
      drop(from, m, "worker " + target + " is not connected (the coordinator sends its subtasks elsewhere)");
      return;
    }
    to.send(m);
  }

  private static void drop(WorkerSession from, Message m, String why) {
    log.debug("Dropping {} from worker {}: {}", m.type(), from.workerId(), why);
  }

  /** Tells every connected worker of the app which workers are connected (and taking work). */
  public void announceMembers() {
    List<Members.Member> members = new ArrayList<>();
    for (WorkerSession w : registry.workers(app)) {
      if (w.takingWork()) {
        members.add(new Members.Member(w.workerId(), w.capacity()));
      }
    }
    Members frame = new Members(members);
    for (WorkerSession w : registry.workers(app)) {
      if (w.open()) {
        w.send(frame);
      }
    }
  }
}
