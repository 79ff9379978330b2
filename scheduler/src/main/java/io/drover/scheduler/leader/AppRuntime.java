package io.drover.scheduler.leader;

import io.drover.protocol.Ack;
import io.drover.protocol.MapProgress;
import io.drover.protocol.Message;
import io.drover.protocol.Report;
import io.drover.scheduler.dispatch.AppLink;
import io.drover.scheduler.dispatch.Dispatcher;
import io.drover.scheduler.dispatch.InFlight;
import io.drover.scheduler.dispatch.InstanceListener;
import io.drover.scheduler.dispatch.InstanceTracker;
import io.drover.scheduler.dispatch.OverlapGuard;
import io.drover.scheduler.dispatch.SubtaskRelay;
import io.drover.scheduler.dispatch.WorkerSession;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.TriggerType;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.ScheduleType;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.InstanceStore;
import io.drover.scheduler.trigger.FireTarget;
import io.drover.scheduler.trigger.TriggerLoop;
import io.netty.util.Timeout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything this server does for one app while it leads it: the trigger loop, the dispatcher and the tracker of
 * unfinished instances, all fenced by the epoch taken when leadership was gained.
 */
final class AppRuntime implements FireTarget, AppLink, InstanceListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppRuntime.class);
  private static final long SWEEP_MS = 500;

  private final App app;
  private final long epoch;
  private final RuntimeContext ctx;
  private final InstanceTracker tracker;
  private final Dispatcher dispatcher;
  private final OverlapGuard overlap;
  private final SubtaskRelay relay;
  /** Instances recorded for a later moment (fires recorded ahead, delayed API runs), by id, until that moment. */
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private TriggerLoop trigger;
  private ScheduledFuture<?> sweep;
  private volatile boolean active = true;

  AppRuntime(App app, long epoch, RuntimeContext ctx) {
    this.app = app;
    this.epoch = epoch;
    this.ctx = ctx;
    this.tracker = new InstanceTracker(ctx.writer(), ctx.clock(), this, ctx.wheel(),
        ctx.config().workerLossRetries(), ctx.metrics());
    this.dispatcher = new Dispatcher(app.name(), epoch, ctx.workers(), tracker, ctx.clock(),
        ctx.config().noWorkerTimeoutMs(), ctx.config().noWorkerStatus());
    this.overlap = new OverlapGuard(tracker, dispatcher);
    this.relay = new SubtaskRelay(app.name(), ctx.workers(), tracker);
    tracker.bind(dispatcher);
  }

  /** Takes over the app's unfinished instances, then starts firing. */
  void start() {
    takeOver(ctx.instances().active(app.id()));
    var c = ctx.config();
    trigger = new TriggerLoop(app.name(), this, ctx.jobs(), ctx.batcher(), ctx.wheel(), ctx.ticker(), ctx.clock(),
        c.tickMs(), c.lookaheadMs(), c.recordAheadMs());
    sweep = ctx.ticker().scheduleWithFixedDelay(dispatcher::expireWaiting, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
  }

  private void takeOver(List<Instance> unfinished) {
    if (unfinished.isEmpty()) {
      return;
    }
    long now = ctx.clock().getAsLong();
    int waiting = 0;
    int running = 0;
    for (Instance i : unfinished) {
      Job job = ctx.jobs().find(i.jobId()).orElse(null);
      if (job == null) {
        continue; // deleted job: its instances stay as they are
      }
      if (i.status() == InstanceStatus.WAITING_DISPATCH) {
        waiting++;
        submitAt(new InFlight(i, job, now), i.fireAt());
      } else {
        running++;
        tracker.adopt(new InFlight(i, job, now, i.status()));
        long id = i.id();
        ctx.wheel().newTimeout(t -> tracker.failIfUnclaimed(id, "no worker reclaimed this attempt within "
            + ctx.config().takeoverGraceMs() + " ms after a leader change"), ctx.config().takeoverGraceMs(),
            TimeUnit.MILLISECONDS);
      }
    }
    log.info("App {}: took over {} waiting and {} dispatched/running instance(s)", app.name(), waiting, running);
  }

  /** An instance waiting on the wheel for its moment. */
  private static final class Pending {
    final InFlight flight;
    volatile Timeout timeout;

    Pending(InFlight flight) {
      this.flight = flight;
    }

    void cancel() {
      Timeout t = timeout;
      if (t != null) {
        t.cancel();
      }
    }
  }

  /**
   * Hands the instance to dispatch at {@code at}: at once when that moment has come, else from the wheel. Until
   * then it is kept in {@link #pending}, so that it can be stopped; whoever removes it from there (the wheel or a
   * stop) decides its fate, so it is dispatched or canceled, never both and never neither.
   */
  private void submitAt(InFlight f, long at) {
    long delay = at - ctx.clock().getAsLong();
    if (delay <= 0) {
      overlap.submit(f);
      return;
    }
    Pending p = new Pending(f);
    pending.put(f.id(), p); // before the timeout exists: it may run at once
    p.timeout = ctx.wheel().newTimeout(x -> {
      if (pending.remove(f.id(), p) && active) {
        overlap.submit(f);
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  /** Cancels an instance still waiting for its moment; false when it is not waiting here. */
  private boolean cancelPending(long instanceId, String reason) {
    Pending p = pending.remove(instanceId);
    if (p == null) {
      return false;
    }
    p.cancel();
    tracker.endUntracked(p.flight, InstanceStatus.CANCELED, reason);
    return true;
  }

  /**
   * Runs a job now (or after {@code delayMs}) on behalf of the API. A repeated idempotency key returns the
   * instance created the first time.
   */
  InstanceStore.Created run(Job job, String params, long delayMs, String idempotencyKey) {
    long now = ctx.clock().getAsLong();
    long id = ctx.ids().next();
    Instance i = new Instance(id, job.id(), app.id(), app.name(), Instance.apiKey(idempotencyKey, id),
        now + Math.max(0, delayMs), TriggerType.API, params != null ? params : job.params(),
        InstanceStatus.WAITING_DISPATCH, 1, null, epoch, null, now, null, null, null);
    InstanceStore.Created created = ctx.runs().insert(i);
    if (created.created()) {
      submitAt(new InFlight(i, job, now), i.fireAt());
    }
    return created;
  }

  /** Runs a finished instance again as a new instance (trigger RETRY) with the same params. */
  InstanceStore.Created retry(Instance original, Job job) {
    long now = ctx.clock().getAsLong();
    long id = ctx.ids().next();
    Instance i = new Instance(id, job.id(), app.id(), app.name(), "R:" + original.id() + ":" + id, now,
        TriggerType.RETRY, original.params(), InstanceStatus.WAITING_DISPATCH, 1, null, epoch,
        "retry of instance " + original.id(), now, null, null, null);
    InstanceStore.Created created = ctx.runs().insert(i);
    overlap.submit(new InFlight(i, job, now));
    return created;
  }

  @Override
  public long appId() {
    return app.id();
  }

  String name() {
    return app.name();
  }

  @Override
  public long epoch() {
    return epoch;
  }

  @Override
  public boolean mayFire() {
    return active;
  }

  /**
   * A scheduled fire was recorded, usually a little before its moment (the trigger loop records ahead): it goes
   * to dispatch exactly at its fire time.
   */
  @Override
  public void fired(Instance instance, Job job) {
    submitAt(new InFlight(instance, job, ctx.clock().getAsLong()), instance.fireAt());
  }

  @Override
  public void attached(WorkerSession worker) {
    tracker.claim(worker);
    relay.announceMembers();
    dispatcher.drain();
  }

  @Override
  public void detached(WorkerSession worker) {
    relay.announceMembers();
    tracker.onWorkerLost(worker);
  }

  @Override
  public void relay(WorkerSession from, Message message) {
    relay.relay(from, message);
  }

  @Override
  public void progress(WorkerSession from, MapProgress progress) {
    tracker.onProgress(from, progress);
  }

  @Override
  public void ack(WorkerSession worker, Ack ack) {
    tracker.onAck(worker, ack);
  }

  @Override
  public void report(WorkerSession worker, Report report) {
    tracker.onReport(worker, report);
  }

  @Override
  public boolean runs(WorkerSession worker, long instanceId) {
    return tracker.runsOn(instanceId, worker);
  }

  @Override
  public void ended(InFlight f, InstanceStatus status, long at) {
    Job job = f.job();
    overlap.ended(job.id());
    if (job.scheduleType() == ScheduleType.FIXED_DELAY && f.instance().triggerType() == TriggerType.SCHEDULE) {
      long delay = Long.parseLong(job.scheduleExpr().trim());
      // off the caller's thread, which may be a transport event loop: a slow database must not stall workers
      ctx.ticker().execute(() -> {
        try {
          ctx.jobs().scheduleAfterEnd(job.id(), at + delay, at);
        } catch (RuntimeException e) {
          log.warn("App {}: cannot schedule the next fire of FIXED_DELAY job {}: {}", app.name(), job.id(),
              e.getMessage());
        }
      });
    }
  }

  int activeInstances() {
    return tracker.activeCount();
  }

  /** Stops an unfinished instance of this app; false when it is not (or no longer) running here. */
  boolean stop(long instanceId, String reason) {
    return tracker.stop(instanceId, reason) || overlap.cancelQueued(instanceId, reason)
        || cancelPending(instanceId, reason);
  }

  @Override
  public void close() {
    active = false;
    if (trigger != null) {
      trigger.close();
    }
    if (sweep != null) {
      sweep.cancel(false);
    }
    pending.values().forEach(Pending::cancel); // they stay WAITING_DISPATCH: the next leader takes them over
    pending.clear();
  }
}
