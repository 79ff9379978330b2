package io.drover.scheduler.dispatch;

import java.util.Collection;

/** Chooses the worker for an attempt. LEAST_LOADED: the open worker with the most free slots. */
final class WorkerPicker {
  private WorkerPicker() {}

  /** Reserves a slot on the chosen worker and returns it, or null when no worker has a free slot. */
  static WorkerSession pickAndReserve(Collection<WorkerSession> workers) {
    for (int tries = 0; tries < 3; tries++) {
      WorkerSession best = null;
      for (WorkerSession w : workers) {
        if (w.open() && w.available() > 0
            && (best == null || w.available() > best.available()
                || (w.available() == best.available() && w.load() < best.load()))) {
          best = w;
        }
      }
      if (best == null) {
        return null;
      }
      if (best.tryReserve()) {
        return best;
      }
    }
    return null;
  }
}
