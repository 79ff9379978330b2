package io.drover.coordination;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs listener callbacks one at a time, in submission order, on one dedicated daemon thread. A callback that
 * throws is logged with its description and does not stop the ones after it. Components submit callbacks from
 * ZooKeeper event threads, never run them there, and never hold their own locks while a callback runs.
 *
 * <p>Used by the coordination components; not meant for application code.
 */
public final class CallbackQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CallbackQueue.class);
  private static final long CLOSE_WAIT_MS = 10_000;

  private final String threadName;
  private final ThreadPoolExecutor executor;
  private volatile Thread thread;

  public CallbackQueue(String threadName) {
    this.threadName = threadName;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /**
   * Queues a callback. After {@link #close()} the callback is dropped (logged at DEBUG).
   *
   * @param description what the callback is, for the log when it fails, e.g. "leadershipGained(orders)"
   */
  public void submit(String description, Runnable callback) {
    try {
      executor.execute(() -> run(description, callback));
    } catch (RejectedExecutionException e) {
      log.debug("{}: dropped callback {} because the queue is closed", threadName, description);
    }
  }

  private void run(String description, Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.error("{}: callback {} failed", threadName, description, e);
    }
  }

  /**
   * Waits until every callback submitted before this call has run, up to {@code timeoutMs}. Returns false at once
   * when called from a callback (it would wait for itself), and false on timeout. After {@link #close()} it waits
   * for the queued callbacks to end.
   */
  public boolean awaitQueued(long timeoutMs) throws InterruptedException {
    if (isCallbackThread()) {
      return false;
    }
    CountDownLatch reached = new CountDownLatch(1);
    try {
      executor.execute(reached::countDown);
    } catch (RejectedExecutionException e) {
      return executor.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    }
    return reached.await(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** True on the queue's own thread, i.e. inside a callback. */
  public boolean isCallbackThread() {
    return Thread.currentThread() == thread;
  }

  /** True once closed and every queued callback has run. */
  public boolean isTerminated() {
    return executor.isTerminated();
  }

  /**
   * Runs the callbacks already queued, then stops the thread. Waits up to 10 s for them (not when called from a
   * callback, which would wait for itself); after that the thread is interrupted. Idempotent.
   */
  @Override
  public void close() {
    executor.shutdown();
    if (isCallbackThread()) {
      return;
    }
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
        log.warn("{}: callbacks still running {} ms after close; interrupting them", threadName, CLOSE_WAIT_MS);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
