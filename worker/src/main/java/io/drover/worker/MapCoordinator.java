package io.drover.worker;

import io.drover.protocol.Dispatch;
import io.drover.protocol.MapProgress;
import io.drover.protocol.Members;
import io.drover.protocol.Subtask;
import io.drover.protocol.SubtaskBatch;
import io.drover.protocol.SubtaskOutcome;
import io.drover.protocol.SubtaskResults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinates one attempt of a map instance on the worker running its root task. Subtasks mapped by the root (and
 * by subtasks) are kept in a {@link SubtaskStore}; one pump thread sends them in batches to the app's connected
 * workers, itself included, by free capacity, with a bounded window of subtasks in flight per worker
 * (backpressure: the leader relays no more than that), takes their results, retries failed ones up to
 * {@link MapSettings#taskMaxAttempts()} tries, sends again the unfinished subtasks of a worker that left, and
 * reports progress to the leader. Every state change happens on the pump thread.
 */
final class MapCoordinator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MapCoordinator.class);
  static final int MAX_BATCH = 256;
  static final int WINDOW_BATCHES = 4;
  static final int MAX_BATCH_BYTES = 256 * 1024;
  static final long PROGRESS_INTERVAL_MS = 500;
  private static final Object WAKE = new Object();
  /** The worker's connection was welcomed again: results may have been lost meanwhile. */
  static final Object RECONNECTED = new Object();

  private final Dispatch root;
  private final MapRelay relay;
  private final WorkerThreads threads;
  private final SubtaskStore store;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean sealed;
  private volatile boolean closed;
  private volatile Thread pump;

  // pump thread only
  private final IntQueue pending = new IntQueue();
  private final List<String> workerIds = new ArrayList<>();
  private final Map<String, Integer> workerIndex = new HashMap<>();
  private final Map<Integer, Integer> capacity = new HashMap<>();
  private long[] inFlight = new long[8];
  private Set<Integer> live = new HashSet<>();
  private int queuedUpTo;
  private long lastProgressAt;
  private String firstFailure;

  MapCoordinator(Dispatch root, MapRelay relay, WorkerThreads threads) {
    this.root = root;
    this.relay = relay;
    this.threads = threads;
    this.store = new SubtaskStore("drover-map-" + root.instanceId() + "-" + root.attempt() + "-");
  }

  void start() {
    members(relay.members());
    Thread t = threads.newThread(this::pumpLoop);
    pump = t;
    t.start();
  }

  // ---- from the root task's thread

  /** Adds subtasks mapped by the root task. */
  void add(List<?> subtasks, String name) {
    if (closed) {
      throw new IllegalStateException("instance " + root.instanceId() + " attempt " + root.attempt() + " ended");
    }
    for (Object s : subtasks) {
      store.add(name, SubtaskJson.write(s, name));
    }
    inbox.offer(WAKE);
  }

  /** The root task returned: once every subtask ended, the attempt is done. */
  void seal() {
    sealed = true;
    inbox.offer(WAKE);
  }

  /** Waits until every subtask ended; interruptible (a STOP interrupts the root task's thread). */
  void awaitDone() throws InterruptedException {
    done.await();
  }

  long total() {
    return store.size();
  }

  long failed() {
    return store.count(SubtaskStore.FAILED);
  }

  synchronized String firstFailure() {
    return firstFailure;
  }

  List<SubtaskResult> results() {
    return store.results();
  }

  // ---- from the event loop

  void offer(Object event) {
    inbox.offer(event);
  }

  // ---- pump thread

  private void pumpLoop() {
    try {
      while (!closed) {
        Object ev = inbox.poll(50, TimeUnit.MILLISECONDS);
        while (ev != null) {
          handle(ev);
          ev = inbox.poll();
        }
        queueNew();
        sendPending();
        long now = System.currentTimeMillis();
        if (sealed && pending.isEmpty() && store.count(SubtaskStore.WAITING) == 0
            && store.count(SubtaskStore.RUNNING) == 0 && queuedUpTo == store.size()) {
          progress();
          done.countDown();
          return;
        }
        if (now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
          progress();
          lastProgressAt = now;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (closed) {
        log.debug("Coordinator of instance {} attempt {} closed: {}", root.instanceId(), root.attempt(), e.toString());
        return; // closing interrupted a read or write of its local files
      }
      log.error("Coordinator of instance {} attempt {} failed", root.instanceId(), root.attempt(), e);
      synchronized (this) {
        firstFailure = "coordinator failed: " + e.getMessage();
      }
      done.countDown();
    }
  }

  private void handle(Object ev) {
    if (ev instanceof SubtaskResults r) {
      results(r);
    } else if (ev instanceof Members m) {
      members(m);
    } else if (ev == RECONNECTED) {
      for (int w : live) {
        lost(w, "this worker reconnected (results may be lost)");
      }
    }
  }

  private void queueNew() {
    int size = store.size();
    while (queuedUpTo < size) {
      pending.add(queuedUpTo++);
    }
  }

  private int index(String workerId) {
    Integer i = workerIndex.get(workerId);
    if (i == null) {
      i = workerIds.size();
      workerIds.add(workerId);
      workerIndex.put(workerId, i);
      if (i >= inFlight.length) {
        inFlight = java.util.Arrays.copyOf(inFlight, inFlight.length * 2);
      }
    }
    return i;
  }

  private void members(Members m) {
    Set<Integer> now = new HashSet<>();
    for (Members.Member w : m.workers()) {
      int i = index(w.id());
      now.add(i);
      capacity.put(i, Math.max(1, w.capacity()));
    }
    for (int gone : live) {
      if (!now.contains(gone)) {
        lost(gone, "worker " + workerIds.get(gone) + " left");
      }
    }
    live = now;
  }

  /**
   * A worker left (or this worker reconnected and its results may be lost): the worker's unfinished subtasks go out
   * again, without using up a try.
   */
  private void lost(int worker, String why) {
    int moved = 0;
    int size = store.size();
    for (int id = 0; id < size; id++) {
      if (store.status(id) == SubtaskStore.RUNNING && store.worker(id) == worker) {
        store.requeue(id, false);
        pending.add(id);
        moved++;
      }
    }
    inFlight[worker] = 0;
    if (moved > 0) {
      log.info("Instance {} attempt {}: {}; sending {} unfinished subtask(s) of {} again", root.instanceId(),
          root.attempt(), why, moved, workerIds.get(worker));
    }
  }

  private void results(SubtaskResults r) {
    if (r.attempt() != root.attempt()) {
      return;
    }
    int w = index(r.worker());
    inFlight[w] = Math.max(0, inFlight[w] - r.outcomes().size());
    int max = relay.settings().taskMaxAttempts();
    for (SubtaskOutcome o : r.outcomes()) {
      if (o.id() < 0 || o.id() >= store.size()) {
        continue;
      }
      int id = (int) o.id();
      if (store.status(id) != SubtaskStore.RUNNING || store.tries(id) != o.tryNo() || store.worker(id) != w) {
        continue; // a late or repeated outcome: the subtask was sent again meanwhile
      }
      if (o.success()) {
        for (Subtask child : o.children()) {
          store.add(child.name(), child.payload());
        }
        store.ended(id, true, o.result());
      } else if (o.tryNo() < max) {
        store.requeue(id, true);
        pending.add(id);
      } else {
        store.ended(id, false, o.result());
        synchronized (this) {
          if (firstFailure == null) {
            firstFailure = "subtask " + id + " ('" + store.name(id) + "') failed " + max + " time(s), last on "
                + r.worker() + ": " + o.result();
          }
        }
      }
    }
  }

  private void sendPending() {
    while (!pending.isEmpty()) {
      int w = choose();
      if (w < 0) {
        return;
      }
      int batchSize = batchSize(w);
      List<Subtask> batch = new ArrayList<>(Math.min(batchSize, pending.size()));
      long bytes = 0;
      while (!pending.isEmpty() && batch.size() < batchSize && bytes < MAX_BATCH_BYTES) {
        int id = pending.poll();
        if (store.status(id) != SubtaskStore.WAITING) {
          continue;
        }
        int tryNo = store.sent(id, w);
        String payload = store.payload(id);
        bytes += payload.length() + 32;
        batch.add(new Subtask(id, tryNo, store.name(id), payload));
      }
      if (batch.isEmpty()) {
        return;
      }
      inFlight[w] += batch.size();
      relay.send(new SubtaskBatch(root.instanceId(), root.attempt(), root.jobId(), root.processor(), root.params(),
          relay.selfId(), workerIds.get(w), batch));
    }
  }

  private int batchSize(int w) {
    return Math.min(MAX_BATCH, capacity.getOrDefault(w, 1) * 16);
  }

  /** The live worker with the most room in its window, relative to its capacity; -1 when every window is full. */
  private int choose() {
    int best = -1;
    double bestLoad = Double.MAX_VALUE;
    for (int w : live) {
      long window = (long) WINDOW_BATCHES * batchSize(w);
      if (inFlight[w] >= window) {
        continue;
      }
      double load = (double) inFlight[w] / capacity.getOrDefault(w, 1);
      if (load < bestLoad) {
        best = w;
        bestLoad = load;
      }
    }
    return best;
  }

  private void progress() {
    relay.toServer(new MapProgress(root.instanceId(), root.attempt(), store.size(),
        store.count(SubtaskStore.WAITING), store.count(SubtaskStore.RUNNING), store.count(SubtaskStore.SUCCEEDED),
        store.count(SubtaskStore.FAILED)));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Thread t = pump;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    relay.removed(this, root.instanceId(), root.attempt());
    store.close();
  }
}
