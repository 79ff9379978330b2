package io.drover.scheduler.store;

import io.drover.scheduler.instance.InstanceWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes instance state changes behind, in batches, on {@value #LANES} threads ("lanes"). Each instance's changes go
 * to one lane (by its id), so they keep their order; a lane lets changes gather for {@value #LINGER_MS} ms, drains
 * everything queued for it (up to {@link #MAX_BATCH}) and applies it in one transaction, the changes of each
 * instance merged into one row update (the more is queued, the more merges). Two lanes overlap one batch's round
 * trips with the other's database work. During a database outage a lane keeps its batch and retries with backoff,
 * so nothing is lost while the process lives.
 */
public final class TransitionWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransitionWriter.class);
  static final int MAX_BATCH = 10_000;
  static final int LANES = 2;
  /**
   * How long a lane lets changes gather after the first one arrives while it is not behind: a short attempt's
   * DISPATCHED, RUNNING and end then go in one row update instead of three (each moves the row in the status
   * index). Stored state trails what the leader knows by about this much more; it never delays a dispatch.
   */
  static final long LINGER_MS = 50;

  private final InstanceStore store;
  private final List<Lane> lanes = new ArrayList<>(LANES);
  private volatile boolean running = true;

  public TransitionWriter(InstanceStore store) {
    this.store = store;
    for (int i = 1; i <= LANES; i++) {
      lanes.add(new Lane("drover-transition-writer-" + i));
    }
  }

  public void submit(InstanceWrite t) {
    lanes.get((int) Math.floorMod(t.instanceId(), (long) LANES)).queue.add(t);
  }

  /** Number of changes not yet written. */
  public int backlog() {
    int n = 0;
    for (Lane lane : lanes) {
      n += lane.queue.size();
    }
    return n;
  }

  /** One writing thread and the changes queued for it. */
  private final class Lane {
    final BlockingQueue<InstanceWrite> queue = new LinkedBlockingQueue<>();
    final Thread thread;

    Lane(String name) {
      thread = new Thread(this::loop, name);
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      List<InstanceWrite> batch = new ArrayList<>();
      long backoffMs = 50;
      boolean outage = false;
      while (running || !queue.isEmpty() || !batch.isEmpty()) {
        try {
          if (batch.isEmpty()) {
            InstanceWrite first = queue.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
              continue;
            }
            batch.add(first);
            if (queue.size() < MAX_BATCH && running) {
              TimeUnit.MILLISECONDS.sleep(LINGER_MS);
            }
            queue.drainTo(batch, MAX_BATCH - 1);
          }
          store.apply(batch);
          batch.clear();
          if (outage) {
            log.info("Instance state writes resumed after a database outage");
            outage = false;
          }
          backoffMs = 50;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          if (!outage) {
            log.warn("Cannot write {} instance state change(s), will retry: {}", batch.size(),
                DatabaseErrors.reason(e));
            outage = true;
          }
          if (!running) {
            log.error("Dropping {} unwritten instance state change(s) at shutdown", batch.size() + queue.size());
            return;
          }
          sleepQuietly(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 2_000);
        }
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued (bounded wait) and stops the threads. */
  @Override
  public void close() {
    running = false;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (Lane lane : lanes) {
        lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
