package io.drover.scheduler.trigger;

import io.drover.scheduler.id.IdGenerator;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.instance.TriggerType;
import io.drover.scheduler.metrics.DroverMetrics;
import io.drover.scheduler.store.DatabaseErrors;
import io.drover.scheduler.store.Fire;
import io.drover.scheduler.store.InstanceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records fires in batches: a recording thread takes every fire whose moment has come, moves each job's next fire
 * time by compare-and-set and inserts the instances in one transaction, then hands them to their app's
 * dispatcher. Under load one transaction carries many fires; a fire recorded ahead of its moment lets others
 * gather for {@value #LINGER_MS} ms first; a fire already due is recorded at once, alone if need be. With
 * several threads, one builds and sends its batch while another waits for its commit. Their transactions never
 * touch the same job row: a job has at most one fire being recorded (its next is planned once this one is).
 *
 * <p>Recording waits while more than {@value #MAX_WRITE_BACKLOG} instance state changes wait to be written (until
 * half of them are): when the database cannot keep up with the load, fires become late (and their misfire policy
 * applies), rather than the unwritten changes growing until the heap is full. The queue of fires stays bounded
 * meanwhile: a job has at most one fire in it.
 */
public final class FireBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FireBatcher.class);
  private static final int MAX_BATCH = 1000;
  /** Unwritten instance state changes above which recording waits: about 2.5 s of writes at 10,000 fires/s. */
  static final int MAX_WRITE_BACKLOG = 100_000;
  private static final long BACKLOG_POLL_MS = 10;
  /**
   * How long a recording thread lets fires gather when the first one is recorded well ahead of its moment (more than
   * twice this): at moderate rates fires then share a transaction instead of paying one each (its round trips, its
   * commit, its log flush), and they still wait for their moment on the wheel. A fire with less slack is recorded
   * at once.
   */
  static final long LINGER_MS = 20;

  private final InstanceStore store;
  private final IdGenerator ids;
  private final LongSupplier clock;
  private final long misfireThresholdMs;
  private final DroverMetrics metrics;
  private final IntSupplier writeBacklog;
  private final BlockingQueue<FireRequest> queue = new LinkedBlockingQueue<>();
  /** When recording began to wait for the writes to catch up; 0 while it does not wait. */
  private final AtomicLong heldSince = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  public FireBatcher(InstanceStore store, IdGenerator ids, LongSupplier clock, long misfireThresholdMs,
                     DroverMetrics metrics, int threadCount, IntSupplier writeBacklog) {
    this.store = store;
    this.writeBacklog = writeBacklog;
    this.metrics = metrics;
    this.ids = ids;
    this.clock = clock;
    this.misfireThresholdMs = misfireThresholdMs;
    for (int i = 1; i <= threadCount; i++) {
      Thread t = new Thread(this::loop, "drover-fire-batcher-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  void submit(FireRequest request) {
    queue.add(request);
  }

  private void loop() {
    List<FireRequest> batch = new ArrayList<>(MAX_BATCH);
    while (running) {
      try {
        FireRequest first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        awaitWrites();
        if (first.fireAt() - clock.getAsLong() > 2 * LINGER_MS && queue.size() < MAX_BATCH) {
          TimeUnit.MILLISECONDS.sleep(LINGER_MS);
        }
        queue.drainTo(batch, MAX_BATCH - 1);
        record(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The jobs keep their next fire time, so the trigger loops plan these fires again on a later tick.
        log.warn("Cannot record {} fire(s), they will be retried: {}", batch.size(), DatabaseErrors.reason(e));
        batch.forEach(r -> r.loop().releasedAfterFailure(r.job().id(), r.fireAt()));
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Waits while too many instance state changes are unwritten, until half of them are written; says so once per
   * episode, and when it ends.
   */
  private void awaitWrites() throws InterruptedException {
    int backlog = writeBacklog.getAsInt();
    if (backlog <= MAX_WRITE_BACKLOG) {
      return;
    }
    if (heldSince.compareAndSet(0, System.nanoTime())) {
      log.warn("{} instance state changes wait to be written (limit {}): recording fires waits for the database"
          + " to catch up; fires will be late", backlog, MAX_WRITE_BACKLOG);
    }
    while (running && writeBacklog.getAsInt() > MAX_WRITE_BACKLOG / 2) { // half: no flapping at the limit
      TimeUnit.MILLISECONDS.sleep(BACKLOG_POLL_MS);
    }
    long since = heldSince.getAndSet(0);
    if (since != 0) {
      log.info("Instance state writes caught up; recording fires again after {} ms of waiting",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
    }
  }

  private void record(List<FireRequest> batch) {
    long now = clock.getAsLong();
    List<Fire> fires = new ArrayList<>(batch.size());
    Map<Long, FireRequest> byInstance = new HashMap<>();
    Map<Long, Long> nextOf = new HashMap<>();
    for (FireRequest r : batch) {
      if (!r.target().mayFire()) {
        r.loop().released(r.job().id(), r.fireAt());
        continue;
      }
      MisfirePolicy.Decision d = MisfirePolicy.decide(r.job(), r.fireAt(), now, misfireThresholdMs);
      long id = ids.next();
      Instance instance = new Instance(id, r.job().id(), r.target().appId(), r.job().app(),
          Instance.scheduleKey(r.fireAt()), r.fireAt(), TriggerType.SCHEDULE, r.job().params(),
          d.run() ? InstanceStatus.WAITING_DISPATCH : InstanceStatus.SKIPPED, 1, null, r.target().epoch(),
          d.skipReason(), now, null, null, d.run() ? null : now);
      fires.add(new Fire(r.job().id(), r.fireAt(), d.next(), instance));
      byInstance.put(id, r);
      if (d.next() != null) {
        nextOf.put(id, d.next());
      }
    }
    List<Instance> created = store.recordFires(fires);
    long recordedAt = clock.getAsLong();
    for (Instance i : created) {
      FireRequest r = byInstance.remove(i.id());
      if (i.status() == InstanceStatus.WAITING_DISPATCH) {
        metrics.fired(i.app(), recordedAt - i.fireAt());
        r.target().fired(i, r.job());
      }
      r.loop().recorded(r.job(), r.fireAt(), nextOf.get(i.id()));
    }
    for (FireRequest r : byInstance.values()) { // lost their compare-and-set: nothing was recorded
      r.loop().lostCompareAndSet(r.job().id(), r.fireAt());
    }
    if (!byInstance.isEmpty()) {
      log.debug("{} of {} fires were taken already (schedule moved by an edit or another leader)",
          byInstance.size(), fires.size());
    }
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    try {
      for (Thread t : threads) {
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
