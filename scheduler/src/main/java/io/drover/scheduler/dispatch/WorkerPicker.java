package io.drover.scheduler.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses the worker for an attempt among those the job's selector accepts, by the job's strategy, and reserves a
 * slot on it. Workers that are closing, leaving or without a free slot are never chosen. One picker per app leader
 * (it keeps the round-robin position).
 */
final class WorkerPicker {
  private static final Comparator<WorkerSession> BY_ID = Comparator.comparing(WorkerSession::workerId);
  private final AtomicLong turn = new AtomicLong();

  /** Reserves a slot on the chosen worker and returns it, or null when no eligible worker can take the attempt. */
  WorkerSession pickAndReserve(DispatchStrategy strategy, WorkerSelector selector, long jobId,
                               Collection<WorkerSession> workers) {
    for (int tries = 0; tries < 3; tries++) {
      WorkerSession chosen = pick(strategy, selector, jobId, workers);
      if (chosen == null) {
        return null;
      }
      if (chosen.tryReserve()) {
        return chosen;
      }
    }
    return null;
  }

  WorkerSession pick(DispatchStrategy strategy, WorkerSelector selector, long jobId,
                     Collection<WorkerSession> workers) {
    return switch (strategy) {
      case LEAST_LOADED -> leastLoaded(selector, workers);
      case ROUND_ROBIN -> roundRobin(selector, workers);
      case RANDOM -> random(selector, workers);
      case CONSISTENT_HASH -> {
        WorkerSession owner = owner(selector, jobId, workers);
        yield owner != null && owner.available() > 0 ? owner : null;
      }
    };
  }

  /** True when some worker the selector accepts is connected and taking work (free slot or not). */
  static boolean anyEligible(WorkerSelector selector, Collection<WorkerSession> workers) {
    for (WorkerSession w : workers) {
      if (w.takingWork() && selector.matches(w)) {
        return true;
      }
    }
    return false;
  }

  /** True when any worker of the app could take an attempt now, whatever the selector. */
  static boolean anyFree(Collection<WorkerSession> workers) {
    for (WorkerSession w : workers) {
      if (w.takingWork() && w.available() > 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean free(WorkerSelector selector, WorkerSession w) {
    return w.takingWork() && w.available() > 0 && selector.matches(w);
  }

  private static WorkerSession leastLoaded(WorkerSelector selector, Collection<WorkerSession> workers) {
    WorkerSession best = null;
    for (WorkerSession w : workers) {
      if (free(selector, w) && (best == null || w.available() > best.available()
          || (w.available() == best.available() && w.load() < best.load()))) {
        best = w;
      }
    }
    return best;
  }

  private WorkerSession roundRobin(WorkerSelector selector, Collection<WorkerSession> workers) {
    List<WorkerSession> eligible = new ArrayList<>();
    for (WorkerSession w : workers) {
      if (w.takingWork() && selector.matches(w)) {
        eligible.add(w);
      }
    }
    if (eligible.isEmpty()) {
      return null;
    }
    eligible.sort(BY_ID);
    int n = eligible.size();
    int start = (int) Math.floorMod(turn.getAndIncrement(), (long) n);
    for (int i = 0; i < n; i++) {
      WorkerSession w = eligible.get((start + i) % n);
      if (w.available() > 0) {
        return w;
      }
    }
    return null;
  }

  private static WorkerSession random(WorkerSelector selector, Collection<WorkerSession> workers) {
    WorkerSession chosen = null;
    int seen = 0;
    for (WorkerSession w : workers) {
      if (free(selector, w) && ThreadLocalRandom.current().nextInt(++seen) == 0) {
        chosen = w; // reservoir sampling: each free worker equally likely, one pass, no list
      }
    }
    return chosen;
  }

  /** The worker a job belongs to: the eligible worker with the highest hash of (job, worker id). */
  static WorkerSession owner(WorkerSelector selector, long jobId, Collection<WorkerSession> workers) {
    WorkerSession owner = null;
    long best = 0;
    for (WorkerSession w : workers) {
      if (!w.takingWork() || !selector.matches(w)) {
        continue;
      }
      long score = mix(jobId * 0x9E3779B97F4A7C15L ^ w.workerId().hashCode() * 0xC2B2AE3D27D4EB4FL);
      if (owner == null || Long.compareUnsigned(score, best) > 0
          || (score == best && w.workerId().compareTo(owner.workerId()) < 0)) {
        owner = w;
        best = score;
      }
    }
    return owner;
  }

  /** A 64-bit finalizer (good avalanche), so close job ids spread over workers. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }
}
