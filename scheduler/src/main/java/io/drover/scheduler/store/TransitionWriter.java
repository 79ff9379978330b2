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
 * Writes instance state changes behind, in batches: one thread drains everything queued (up to
 * {@link #MAX_BATCH}) and applies it in one round trip. Changes of one instance keep their order. During a
 * database outage the batch is kept and retried with backoff, so nothing is lost while the process lives.
 */
public final class TransitionWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransitionWriter.class);
  static final int MAX_BATCH = 1000;

  private final InstanceStore store;
  private final BlockingQueue<InstanceWrite> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TransitionWriter(InstanceStore store) {
    this.store = store;
    this.thread = new Thread(this::loop, "drover-transition-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  public void submit(InstanceWrite t) {
    queue.add(t);
  }

  /** Number of changes not yet written. */
  public int backlog() {
    return queue.size();
  }

  private void loop() {
    List<InstanceWrite> batch = new ArrayList<>(MAX_BATCH);
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

  private static void sleepQuietly(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued (bounded wait) and stops the thread. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
