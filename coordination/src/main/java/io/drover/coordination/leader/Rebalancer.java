package io.drover.coordination.leader;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does this server's part of the balance, on its own thread: a pass computes the {@link BalancePlan} from a fresh
 * {@link LeadershipSnapshot} and acts on it through {@link AppLatches}.
 *
 * <ul>
 *   <li>Drained: leave every latch (and join them all again once undrained).
 *   <li>Step back (re-join at the back of the queue, unnoticed) in the latch of each moving app where this server
 *       is queued before the receiver, so that the receiver comes right after the leader.
 *   <li>Give back each moving app this server leads, once the receiver is right after it in the queue: pins at
 *       once (or after {@value #PIN_PATIENCE_MS} ms even if the receiver is not next yet), the excess over the share
 *       at most once per {@value #GIVE_BACK_INTERVAL_MS} ms.
 * </ul>
 *
 * <p>A pass runs {@value #DEBOUNCE_MS} ms after a trigger (changes of the app tree, servers or drains; a gain), so
 * that a burst of changes makes one pass, and every {@value #CHECK_INTERVAL_MS} ms regardless. Passes are skipped
 * while the ZooKeeper connection is down: the caches may be stale and the latches are not leaders then anyway.
 */
final class Rebalancer implements AutoCloseable {

  static final long DEBOUNCE_MS = 100;
  static final long GIVE_BACK_INTERVAL_MS = 1_000;
  static final long PIN_PATIENCE_MS = 1_000;
  static final long CHECK_INTERVAL_MS = 3_000;
  /** Our old znode may still show in the cache for a moment after a step back: no second one meanwhile. */
  static final long STEP_BACK_COOLDOWN_MS = 1_000;
  private static final long CLOSE_WAIT_MS = AppLatches.HANDOVER_WAIT_MS + 2_000;
  private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);

  private final String self;
  private final AppLatches latches;
  private final Supplier<LeadershipSnapshot> snapshots;
  private final BooleanSupplier connected;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicBoolean passQueued = new AtomicBoolean();
  /** Pass thread only: when the last give-back over the share happened. */
  private long lastShareGiveBackNanos;
  private boolean gaveBackOverShare;
  /** Pass thread only: since when each pinned app led here has waited for its server to be next in the queue. */
  private final Map<String, Long> pinWaitSince = new HashMap<>();
  /** Pass thread only: in how many ms the current pass wants another one (MAX_VALUE: no need). */
  private long againInMs;
  /** Pass thread only: when this server last stepped back in each app's queue. */
  private final Map<String, Long> steppedBackAt = new HashMap<>();

  Rebalancer(String self, AppLatches latches, Supplier<LeadershipSnapshot> snapshots, BooleanSupplier connected) {
    this.self = self;
    this.latches = latches;
    this.snapshots = snapshots;
    this.connected = connected;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "drover-balance-" + self);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  void start() {
    executor.scheduleWithFixedDelay(this::trigger, 0, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  /** Asks for a pass soon. Cheap, never blocks; callable from any thread, e.g. ZooKeeper's event thread. */
  void trigger() {
    if (passQueued.compareAndSet(false, true)) {
      schedule(this::pass, DEBOUNCE_MS);
    }
  }

  /** Asks for another pass in {@code delayMs}, once the current pass is done. */
  private void again(long delayMs) {
    againInMs = Math.min(againInMs, Math.max(0, delayMs));
  }

  private void schedule(Runnable task, long delayMs) {
    try {
      executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Server {}: balance pass not scheduled, the rebalancer is closed", self);
    }
  }

  private void pass() {
    passQueued.set(false);
    againInMs = Long.MAX_VALUE;
    try {
      if (!executor.isShutdown() && connected.getAsBoolean()) {
        act();
      }
    } catch (RuntimeException e) {
      log.warn("Server {}: balance pass failed; the next pass tries again", self, e);
    }
    if (againInMs != Long.MAX_VALUE) {
      schedule(this::trigger, againInMs);
    }
  }

  private void act() {
    LeadershipSnapshot snapshot = snapshots.get();
    boolean drained = snapshot.drained().contains(self);
    if (drained != latches.isDrained()) {
      latches.setDrained(drained);
    }
    if (drained) {
      return;
    }
    latches.joinMissing();
    BalancePlan plan = BalancePlan.of(snapshot);
    stepBack(snapshot, plan);
    giveBack(snapshot, plan);
  }

  private void stepBack(LeadershipSnapshot snapshot, BalancePlan plan) {
    long now = System.nanoTime();
    long cooldown = TimeUnit.MILLISECONDS.toNanos(STEP_BACK_COOLDOWN_MS);
    steppedBackAt.values().removeIf(at -> now - at >= cooldown);
    for (BalancePlan.Move move : plan.moves()) {
      String app = move.app();
      if (move.from().equals(self) || move.to().equals(self) || !snapshot.isAhead(app, self, move.to())) {
        continue;
      }
      if (steppedBackAt.containsKey(app)) {
        again(STEP_BACK_COOLDOWN_MS - TimeUnit.NANOSECONDS.toMillis(now - steppedBackAt.get(app)));
      } else if (latches.stepBack(app)) {
        steppedBackAt.put(app, now);
        log.debug("Server {} stepped back in the queue of app {} for server {} ({})", self, app, move.to(),
            move.reason().text());
      }
    }
  }

  private void giveBack(LeadershipSnapshot snapshot, BalancePlan plan) {
    long now = System.nanoTime();
    boolean shareAllowed = !gaveBackOverShare
        || now - lastShareGiveBackNanos >= TimeUnit.MILLISECONDS.toNanos(GIVE_BACK_INTERVAL_MS);
    Map<String, Long> waiting = new HashMap<>();
    boolean gaveOverShare = false;
    for (BalancePlan.Move move : plan.movesFrom(self)) {
      String app = move.app();
      if (!latches.leads(app)) {
        continue;
      }
      boolean receiverIsNext = snapshot.successor(app).filter(move.to()::equals).isPresent();
      if (move.reason() == BalancePlan.Reason.PINNED) {
        long since = pinWaitSince.getOrDefault(app, now);
        boolean patienceOver = now - since >= TimeUnit.MILLISECONDS.toNanos(PIN_PATIENCE_MS);
        if (receiverIsNext || patienceOver) {
          String why = "pinned to server " + move.to() + (receiverIsNext ? "" : ", not yet next in the queue");
          latches.giveBack(app, why);
        } else {
          waiting.put(app, since);
          again(PIN_PATIENCE_MS - TimeUnit.NANOSECONDS.toMillis(now - since));
        }
      } else if (receiverIsNext && shareAllowed) {
        gaveOverShare |= latches.giveBack(app, String.format("%s: leads %d, share %d, next: %s",
            move.reason().text(), plan.count(self), plan.share(), move.to()));
      } else if (receiverIsNext) {
        again(GIVE_BACK_INTERVAL_MS - TimeUnit.NANOSECONDS.toMillis(now - lastShareGiveBackNanos));
      }
    }
    pinWaitSince.clear();
    pinWaitSince.putAll(waiting);
    if (gaveOverShare) {
      gaveBackOverShare = true;
      lastShareGiveBackNanos = now;
    }
  }

  /** Stops the passes, waiting for one under way. Idempotent. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
        log.warn("Server {}: balance pass still running {} ms after close; interrupting it", self, CLOSE_WAIT_MS);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  boolean isTerminated() {
    return executor.isTerminated();
  }
}
