package io.drover.scheduler.trigger;

import io.drover.scheduler.job.Job;
import io.drover.scheduler.store.DatabaseErrors;
import io.drover.scheduler.store.JobStore;
import io.netty.util.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop of one led app. Each tick reads only the app's jobs due within the lookahead (an index
 * range scan; the cost follows what is due, not how many jobs exist) and places each on the timing wheel for its
 * exact fire moment; at that moment the fire goes to the {@link FireBatcher}.
 */
public final class TriggerLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TriggerLoop.class);
  static final int MAX_DUE_PER_TICK = 10_000;

  private final String app;
  private final FireTarget target;
  private final JobStore jobs;
  private final FireBatcher batcher;
  private final Timer wheel;
  private final LongSupplier clock;
  private final long lookaheadMs;
  /** jobId -> fire time placed on the wheel and not yet recorded. */
  private final Map<Long, Long> planned = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> ticks;
  private final AtomicLong rowsRead = new AtomicLong();
  private volatile boolean closed;
  private volatile boolean failing;

  public TriggerLoop(String app, FireTarget target, JobStore jobs, FireBatcher batcher, Timer wheel,
                     ScheduledExecutorService ticker, LongSupplier clock, long tickMs, long lookaheadMs) {
    this.app = app;
    this.target = target;
    this.jobs = jobs;
    this.batcher = batcher;
    this.wheel = wheel;
    this.clock = clock;
    this.lookaheadMs = lookaheadMs;
    this.ticks = ticker.scheduleWithFixedDelay(this::tick, 0, tickMs, TimeUnit.MILLISECONDS);
  }

  void tick() {
    if (closed || !target.mayFire()) {
      return;
    }
    try {
      long now = clock.getAsLong();
      List<Job> due = jobs.due(target.appId(), now + lookaheadMs, MAX_DUE_PER_TICK);
      rowsRead.addAndGet(due.size());
      for (Job job : due) {
        long fireAt = job.nextFireAt();
        if (planned.putIfAbsent(job.id(), fireAt) != null) {
          continue; // on the wheel already (or being recorded)
        }
        wheel.newTimeout(t -> fire(job, fireAt), Math.max(0, fireAt - clock.getAsLong()), TimeUnit.MILLISECONDS);
      }
      if (failing) {
        log.info("Trigger loop of app {} reads the database again", app);
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("Trigger loop of app {} cannot read due jobs, will retry every tick: {}", app,
            DatabaseErrors.reason(e));
        failing = true;
      }
    }
  }

  private void fire(Job job, long fireAt) {
    if (closed) {
      return;
    }
    batcher.submit(new FireRequest(target, this, job, fireAt));
  }

  /**
   * The fire was recorded and the job's next fire is due already (catching up after a leader change or a stall):
   * fire it at once instead of waiting for the next tick, so a late job catches up faster than it falls behind.
   */
  void recordedAndDue(Job job, long fireAt, long next) {
    if (closed || !planned.replace(job.id(), fireAt, next)) {
      planned.remove(job.id(), fireAt);
      return;
    }
    batcher.submit(new FireRequest(target, this, job.withNextFireAt(next), next));
  }

  /** The fire was recorded or dropped: the job may be planned again from its stored next fire time. */
  void released(long jobId, long fireAt) {
    planned.remove(jobId, fireAt);
  }

  /** Job rows read from the database by all ticks so far: what is due, never the whole table. */
  public long rowsRead() {
    return rowsRead.get();
  }

  /** Number of fires on the wheel. */
  public int plannedCount() {
    return planned.size();
  }

  @Override
  public void close() {
    closed = true;
    ticks.cancel(false);
  }
}
