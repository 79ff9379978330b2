package io.drover.worker;

import io.drover.protocol.Subtask;
import io.drover.protocol.SubtaskBatch;
import io.drover.protocol.SubtaskOutcome;
import io.drover.protocol.SubtaskResults;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the subtasks this worker is sent, on its own pool of {@code capacity} threads, and sends each batch's
 * outcomes back to the coordinator once the batch is done (in frames of bounded size). A result above
 * {@link MapSettings#maxResultBytes()} fails its subtask. A STOP interrupts the subtasks of that attempt and drops
 * those not started.
 */
final class SubtaskRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubtaskRunner.class);
  static final int MAX_RESULTS_BYTES = 256 * 1024;
  private static final int REMEMBERED_STOPS = 1024;

  private final String workerId;
  private final Map<String, Processor> processors;
  private final MapRelay relay;
  private final LogBuffer logs;
  private final int maxResultBytes;
  private final ThreadPoolExecutor pool;
  private final Map<MapRelay.Key, Set<Thread>> running = new ConcurrentHashMap<>();
  private final Set<MapRelay.Key> stopped = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MapRelay.Key, Boolean> eldest) {
          return size() > REMEMBERED_STOPS;
        }
      }));

  SubtaskRunner(String workerId, int capacity, Map<String, Processor> processors, MapRelay relay, LogBuffer logs,
                WorkerThreads threads) {
    this.workerId = workerId;
    this.processors = Map.copyOf(processors);
    this.relay = relay;
    this.logs = logs;
    this.maxResultBytes = relay.settings().maxResultBytes();
    this.pool = new ThreadPoolExecutor(capacity, capacity, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        threads);
    this.pool.allowCoreThreadTimeOut(true);
  }

  /** One batch on its way through the pool. */
  private final class BatchRun {
    final SubtaskBatch batch;
    final MapRelay.Key key;
    final Processor processor;
    final AtomicReferenceArray<SubtaskOutcome> outcomes;
    final AtomicInteger left;

    BatchRun(SubtaskBatch batch) {
      this.batch = batch;
      this.key = new MapRelay.Key(batch.instanceId(), batch.attempt());
      this.processor = batch.processor() == null ? null : processors.get(batch.processor());
      this.outcomes = new AtomicReferenceArray<>(batch.subtasks().size());
      this.left = new AtomicInteger(batch.subtasks().size());
    }
  }

  void accept(SubtaskBatch b) {
    if (b.subtasks().isEmpty() || stopped.contains(new MapRelay.Key(b.instanceId(), b.attempt()))) {
      return;
    }
    BatchRun run = new BatchRun(b);
    try {
      for (int i = 0; i < b.subtasks().size(); i++) {
        int index = i;
        pool.execute(() -> runOne(run, index));
      }
    } catch (RejectedExecutionException e) {
      log.debug("Worker {} closing: dropping subtasks of instance {}", workerId, b.instanceId());
    }
  }

  private void runOne(BatchRun run, int index) {
    if (stopped.contains(run.key)) {
      return;
    }
    Subtask s = run.batch.subtasks().get(index);
    SubtaskContext ctx = new SubtaskContext(run.batch, s, workerId, new InstanceLog(logs, run.batch.instanceId()));
    SubtaskOutcome outcome;
    Set<Thread> threads = running.computeIfAbsent(run.key, k -> ConcurrentHashMap.newKeySet());
    threads.add(Thread.currentThread());
    if (stopped.contains(run.key)) {
      threads.remove(Thread.currentThread());
      return;
    }
    try {
      if (run.processor == null) {
        outcome = failed(s, "unknown processor '" + run.batch.processor() + "' on worker " + workerId);
      } else {
        outcome = outcome(s, ctx, run.processor.process(ctx));
      }
    } catch (InterruptedException e) {
      outcome = failed(s, "interrupted");
    } catch (Exception e) {
      outcome = failed(s, e.getMessage() != null ? e.getMessage() : e.getClass().getName());
    } finally {
      threads.remove(Thread.currentThread());
      Thread.interrupted();
    }
    if (stopped.contains(run.key)) {
      return;
    }
    run.outcomes.set(index, outcome);
    if (run.left.decrementAndGet() == 0) {
      sendResults(run);
    }
  }

  private SubtaskOutcome outcome(Subtask s, SubtaskContext ctx, Result r) {
    if (r == null) {
      return failed(s, "processor returned no result");
    }
    if (!r.success()) {
      return failed(s, r.message());
    }
    String text = r.message();
    if (text != null) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > maxResultBytes) {
        return failed(s, "result of subtask " + s.id() + " is " + bytes + " bytes, above the limit of "
            + maxResultBytes + " (Worker.Builder.maxSubtaskResultBytes)");
      }
    }
    return new SubtaskOutcome(s.id(), s.tryNo(), true, text, ctx.children());
  }

  private static SubtaskOutcome failed(Subtask s, String reason) {
    return new SubtaskOutcome(s.id(), s.tryNo(), false, reason, List.of());
  }

  /** Sends the batch's outcomes to its coordinator, in frames of at most {@value #MAX_RESULTS_BYTES} bytes or so. */
  private void sendResults(BatchRun run) {
    List<SubtaskOutcome> chunk = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < run.outcomes.length(); i++) {
      SubtaskOutcome o = run.outcomes.get(i);
      long size = 64 + (o.result() == null ? 0 : o.result().length());
      for (Subtask c : o.children()) {
        size += 48 + c.payload().length() + (c.name() == null ? 0 : c.name().length());
      }
      if (!chunk.isEmpty() && bytes + size > MAX_RESULTS_BYTES) {
        send(run, chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(o);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      send(run, chunk);
    }
  }

  private void send(BatchRun run, List<SubtaskOutcome> outcomes) {
    relay.send(new SubtaskResults(run.batch.instanceId(), run.batch.attempt(), workerId, run.batch.coordinator(),
        outcomes));
  }

  /** Interrupts the running subtasks of the attempt; those not started never run. */
  void stop(long instanceId, int attempt) {
    MapRelay.Key key = new MapRelay.Key(instanceId, attempt);
    stopped.add(key);
    Set<Thread> threads = running.remove(key);
    if (threads != null) {
      log.debug("Stopping {} running subtask(s) of instance {} attempt {}", threads.size(), instanceId, attempt);
      threads.forEach(Thread::interrupt);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  boolean awaitTermination(long timeoutMs) {
    try {
      return pool.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
