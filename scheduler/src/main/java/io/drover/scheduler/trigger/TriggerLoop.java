package io.drover.scheduler.trigger;

import io.drover.scheduler.job.Job;
import io.drover.scheduler.store.DatabaseErrors;
import io.drover.scheduler.store.JobStore;
import io.netty.util.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop of one led app. It reads each due job once, not once per tick: a tick reads the window of
 * next fire times it has not read yet, {@code (horizon, now + lookahead]} (an index range scan of
 * {@code idx_job_due}, in pages), plus the jobs edited in the last seconds that are due (an edit may move a fire
 * into the window already read; {@code idx_job_edited}), plus, by id, the jobs whose fire lost its compare-and-set.
 * Each job read is placed on the timing wheel a little before its fire moment
 * ({@code drover.trigger.record-ahead-ms}); then the fire goes to the {@link FireBatcher}, which records it, and its
 * instance waits for its exact moment to be dispatched. When a fire is recorded and the job's next fire falls
 * inside the window already read, the loop plans it itself ({@link #recorded}). Every
 * {@value #FULL_SCAN_MS} ms (and after a failed write) a tick reads the whole due range again, a safety net that
 * costs one read of what is due. The cost of a tick follows what becomes due, never the number of jobs.
 */
public final class TriggerLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TriggerLoop.class);
  static final int PAGE = 5_000;
  static final int MAX_PAGES_PER_TICK = 20;
  static final int REREAD_CHUNK = 500;
  static final long FULL_SCAN_MS = 30_000;
  /**
   * How far back (beyond the lookahead) the edited-jobs read looks: covers commit delays, clock differences between
   * servers, and a fire planned before the edit that drops only when its old moment comes.
   */
  static final long EDIT_MARGIN_MS = 5_000;

  private final String app;
  private final FireTarget target;
  private final JobStore jobs;
  private final FireBatcher batcher;
  private final Timer wheel;
  private final LongSupplier clock;
  private final long lookaheadMs;
  private final long recordAheadMs;
  /** A fire on the wheel, not yet recorded, with the newest definition of its job read so far. */
  private record Plan(long fireAt, Job job) {}

  /** jobId -> its fire on the wheel. */
  private final Map<Long, Plan> planned = new ConcurrentHashMap<>();
  /** Jobs whose fire lost its compare-and-set: the next tick reads them again by id. */
  private final Set<Long> reread = ConcurrentHashMap.newKeySet();
  private final ScheduledFuture<?> ticks;
  private final AtomicLong rowsRead = new AtomicLong();
  /** Every next fire time at or below this has been read, or is being read, by a tick (MIN: nothing read yet). */
  private volatile long planUntil = Long.MIN_VALUE;
  /** Where the next window read starts: (fire time, job id) of the last row read, exclusive. */
  private long horizonAt = Long.MIN_VALUE;
  private long horizonId = Long.MAX_VALUE;
  private long lastFullScanAt;
  private volatile boolean rescan = true;
  private volatile boolean closed;
  private volatile boolean failing;

  public TriggerLoop(String app, FireTarget target, JobStore jobs, FireBatcher batcher, Timer wheel,
                     ScheduledExecutorService ticker, LongSupplier clock, long tickMs, long lookaheadMs,
                     long recordAheadMs) {
    this.app = app;
    this.target = target;
    this.jobs = jobs;
    this.batcher = batcher;
    this.wheel = wheel;
    this.clock = clock;
    this.lookaheadMs = lookaheadMs;
    this.recordAheadMs = recordAheadMs;
    this.ticks = ticker.scheduleWithFixedDelay(this::tick, 0, tickMs, TimeUnit.MILLISECONDS);
  }

  void tick() {
    if (closed || !target.mayFire()) {
      return;
    }
    try {
      long now = clock.getAsLong();
      long until = now + lookaheadMs;
      if (rescan || now - lastFullScanAt >= FULL_SCAN_MS) {
        rescan = false;
        lastFullScanAt = now;
        horizonAt = Long.MIN_VALUE;
        horizonId = Long.MAX_VALUE;
        reread.clear(); // the full read sees them
      } else {
        List<Job> edited = jobs.editedDue(target.appId(), now - EDIT_MARGIN_MS - lookaheadMs, until, PAGE);
        rowsRead.addAndGet(edited.size());
        for (Job job : edited) {
          plan(job);
        }
        rereadLost(until);
      }
      planUntil = Math.max(planUntil, until); // before the read: see recorded()
      readWindow(until);
      if (failing) {
        log.info("Trigger loop of app {} reads the database again", app);
        failing = false;
      }
    } catch (RuntimeException e) {
      rescan = true;
      if (!failing) {
        log.warn("Trigger loop of app {} cannot read due jobs, will retry every tick: {}", app,
            DatabaseErrors.reason(e));
        failing = true;
      }
    }
  }

  /**
   * Reads again, by id, the jobs whose fire lost its compare-and-set since the last tick, and plans those due within
   * the window read: the move that beat the fire may have put the next fire inside that window, where no window
   * read will see it (and a plan of the losing fire may have kept a window read from planning it).
   */
  private void rereadLost(long until) {
    if (reread.isEmpty()) {
      return;
    }
    List<Long> ids = new ArrayList<>(reread);
    reread.removeAll(ids);
    for (int from = 0; from < ids.size(); from += REREAD_CHUNK) {
      List<Job> due = jobs.dueByIds(target.appId(), ids.subList(from, Math.min(ids.size(), from + REREAD_CHUNK)),
          until);
      rowsRead.addAndGet(due.size());
      for (Job job : due) {
        plan(job);
      }
    }
  }

  /** Reads the due jobs after the horizon up to {@code until}, in pages, and moves the horizon past them. */
  private void readWindow(long until) {
    for (int page = 0; page < MAX_PAGES_PER_TICK; page++) {
      List<Job> due = jobs.dueAfter(target.appId(), horizonAt, horizonId, until, PAGE);
      rowsRead.addAndGet(due.size());
      for (Job job : due) {
        plan(job);
      }
      if (due.size() < PAGE) {
        horizonAt = until;
        horizonId = Long.MAX_VALUE;
        return;
      }
      Job last = due.get(due.size() - 1);
      horizonAt = last.nextFireAt();
      horizonId = last.id();
    }
    log.warn("Trigger loop of app {}: more than {} jobs due within {} ms; reading the rest next tick", app,
        PAGE * MAX_PAGES_PER_TICK, lookaheadMs);
  }

  /**
   * Puts the job's next fire on the wheel, unless a fire of it is there already; then a newer definition (an
   * edit that kept the fire time) replaces the one that fire will use. Every change of {@link #planned} goes
   * through {@code compute} on the job's entry and compares fire times, never plan objects, so the tick, the wheel
   * and the batcher threads cannot lose each other's updates.
   */
  private void plan(Job job) {
    long fireAt = job.nextFireAt();
    boolean[] added = {false};
    planned.compute(job.id(), (id, p) -> {
      if (p == null) {
        added[0] = true;
        return new Plan(fireAt, job);
      }
      return p.fireAt() == fireAt && job.version() > p.job().version() ? new Plan(fireAt, job) : p;
    });
    if (added[0]) {
      schedule(job.id(), fireAt);
    }
  }

  /**
   * Puts the fire on the wheel {@code recordAheadMs} before its moment: it is recorded then, and its instance goes
   * to dispatch exactly at the fire time, so the database round trip is not part of the fire's lateness.
   */
  private void schedule(long jobId, long fireAt) {
    long delay = fireAt - recordAheadMs - clock.getAsLong();
    if (delay <= 0) {
      fire(jobId, fireAt);
    } else {
      wheel.newTimeout(t -> fire(jobId, fireAt), delay, TimeUnit.MILLISECONDS);
    }
  }

  private void fire(long jobId, long fireAt) {
    Plan p = planned.get(jobId);
    if (closed || p == null || p.fireAt() != fireAt) {
      return;
    }
    batcher.submit(new FireRequest(target, this, p.job(), fireAt));
  }

  /**
   * The fire was recorded and the job's next fire time is {@code next} (null: none). A next fire inside the window
   * the ticks have read (or are reading) is planned here, since no window read will see it; one beyond is left to
   * the tick that reads its window. A next fire already due (catching up after a leader change or a stall) goes to
   * the batcher at once, so a late job catches up faster than it falls behind.
   */
  void recorded(Job job, long fireAt, Long next) {
    boolean[] moved = {false};
    planned.compute(job.id(), (id, p) -> {
      if (p == null || p.fireAt() != fireAt) {
        return p;
      }
      if (closed || next == null || next > planUntil) {
        return null;
      }
      moved[0] = true;
      return new Plan(next, p.job().withNextFireAt(next));
    });
    if (moved[0]) {
      schedule(job.id(), next);
    } else if (next != null && !closed && next <= planUntil) {
      // A tick raised planUntil while this fire was being recorded and may have read the job before the
      // compare-and-set committed: plan the next fire here so it cannot fall between the two.
      plan(job.withNextFireAt(next));
    }
  }

  /** The fire was dropped (not recorded): the job may be planned again from its stored next fire time. */
  void released(long jobId, long fireAt) {
    planned.computeIfPresent(jobId, (id, p) -> p.fireAt() == fireAt ? null : p);
  }

  /**
   * The fire lost its compare-and-set: it was recorded already (a tick read the job just before an earlier
   * recording of this fire committed), or an edit or another leader moved the job's next fire, possibly into the
   * window already read. The next tick reads this job again by id, so that its next fire is not missed.
   */
  void lostCompareAndSet(long jobId, long fireAt) {
    released(jobId, fireAt);
    reread.add(jobId);
  }

  /** Recording failed: the jobs keep their stored next fire time, which the next tick reads in a full scan. */
  void releasedAfterFailure(long jobId, long fireAt) {
    released(jobId, fireAt);
    rescan = true;
  }

  /** Job rows read from the database by all ticks so far: what came due or was edited, never the whole table. */
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
