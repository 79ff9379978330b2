package io.drover.scheduler.leader;

import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.store.InstanceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores API runs in batches: the request threads hand their run over and wait; one thread inserts every run
 * waiting at that moment in one transaction, so a burst of runs costs a few commits instead of one each. Idle, a
 * run is stored alone, at once. A failed batch fails each of its runs with the cause (the API answers 503 for an
 * outage); nothing is stored half.
 */
public final class RunBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunBatcher.class);
  static final int MAX_BATCH = 500;
  static final long WAIT_MS = 30_000;

  private record Pending(Instance run, CompletableFuture<InstanceStore.Created> done) {}

  private final InstanceStore store;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  public RunBatcher(InstanceStore store) {
    this.store = store;
    this.thread = new Thread(this::loop, "drover-run-batcher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Stores the run (or finds the one stored under its idempotency key); waits for the batch's commit. */
  InstanceStore.Created insert(Instance run) {
    if (!running) {
      throw new IllegalStateException("the server is stopping; retry on another server");
    }
    CompletableFuture<InstanceStore.Created> done = new CompletableFuture<>();
    queue.add(new Pending(run, done));
    if (!running && queue.remove(new Pending(run, done))) { // closed meanwhile: nobody would take it
      throw new IllegalStateException("the server is stopping; retry on another server");
    }
    try {
      return done.get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("storing the run took longer than " + WAIT_MS + " ms; it may or may not"
          + " have been stored: retry with the same Idempotency-Key");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing the run", e);
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        List<InstanceStore.Created> stored = store.insertRuns(batch.stream().map(Pending::run).toList());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).done().complete(stored.get(i));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(p -> p.done().completeExceptionally(new IllegalStateException("the server is stopping")));
        return;
      } catch (RuntimeException | Error e) {
        log.debug("Cannot store {} API run(s): {}", batch.size(), e.getMessage());
        batch.forEach(p -> p.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  /** Stores what is queued, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending p;
    while ((p = queue.poll()) != null) {
      p.done().completeExceptionally(new IllegalStateException("the server is stopping"));
    }
  }
}
