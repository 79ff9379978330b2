package io.drover.bench;

import io.drover.protocol.Ack;
import io.drover.protocol.Dispatch;
import io.drover.protocol.HelloProof;
import io.drover.protocol.Report;
import io.drover.scheduler.dispatch.Admission;
import io.drover.scheduler.dispatch.AppLink;
import io.drover.scheduler.dispatch.TransportServer;
import io.drover.scheduler.dispatch.WorkerRegistry;
import io.drover.scheduler.dispatch.WorkerSession;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dispatch round trip on the real transport: a {@link TransportServer} on 127.0.0.1 with two real workers (the
 * worker jar, HMAC handshake included) running a no-op processor. Measures DISPATCH send → ACK received, first one
 * at a time (latency), then with a window of attempts in flight (throughput, and latency under load). Persistence
 * is left out on purpose: this is the transport and the worker's intake; the database path is measured by the
 * schedule load bench.
 *
 * <pre>bench/run-dispatch.sh [seconds] [window]     defaults 10 512</pre>
 */
public final class DispatchBench {
  static final String APP = "bench";
  static final String SECRET = "dispatch-bench-secret";

  private final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong reports = new AtomicLong();
  private volatile long[] samples = new long[0];
  private final AtomicLong sampleCount = new AtomicLong();
  private volatile Semaphore window = new Semaphore(0);

  private DispatchBench() {}

  /** The figures of one run. */
  record Figures(int workers, long sequentialN, double seqP50Us, double seqP99Us, long loadedAcks,
                 double dispatchesPerSecond, double loadedP50Us, double loadedP99Us, long reports) {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int windowSize = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    Figures f = run(seconds, windowSize, 20_000, System.out);
    System.out.println();
    System.out.println("| figure | value |");
    System.out.println("|---|---|");
    System.out.printf("| workers | %d |%n", f.workers());
    System.out.printf("| round trip, one at a time (n=%d) p50 / p99 | %.0f µs / %.0f µs |%n", f.sequentialN(),
        f.seqP50Us(), f.seqP99Us());
    System.out.printf("| dispatches/s with %d in flight (acked, %d s) | %.0f |%n", windowSize, seconds,
        f.dispatchesPerSecond());
    System.out.printf("| round trip under that load p50 / p99 | %.0f µs / %.0f µs |%n", f.loadedP50Us(),
        f.loadedP99Us());
    System.out.printf("| attempts reported finished | %d |%n", f.reports());
  }

  static Figures run(int seconds, int windowSize, int sequential, PrintStream out) throws Exception {
    return new DispatchBench().measure(seconds, windowSize, sequential, out);
  }

  private Figures measure(int seconds, int windowSize, int sequential, PrintStream out) throws Exception {
    WorkerRegistry registry = new WorkerRegistry();
    AppLink link = new AppLink() {
      @Override
      public long epoch() {
        return 1;
      }

      @Override
      public void attached(WorkerSession worker) {}

      @Override
      public void detached(WorkerSession worker) {}

      @Override
      public void ack(WorkerSession worker, Ack ack) {
        Long t = sentAt.remove(ack.instanceId());
        if (t != null) {
          long n = sampleCount.getAndIncrement();
          long[] s = samples;
          if (n < s.length) {
            s[(int) n] = System.nanoTime() - t;
          }
          acks.incrementAndGet();
        }
      }

      @Override
      public void report(WorkerSession worker, Report report) {
        if (report.status().terminal()) {
          reports.incrementAndGet();
          window.release();
        }
      }

      @Override
      public boolean runs(WorkerSession worker, long instanceId) {
        return false;
      }
    };
    byte[] key = HelloProof.keyOf(SECRET);
    List<Worker> workers = new ArrayList<>();
    try (TransportServer transport = new TransportServer("127.0.0.1", 0, "bench-server", hello -> Admission.welcome(link),
        registry, app -> CompletableFuture.completedFuture(APP.equals(app) ? Optional.of(key) : Optional.empty()),
        (w, lines) -> true, System::currentTimeMillis, 1000, 30_000, 1 << 20)) {
      int perWorker = Math.max(1, windowSize / 2 + 8);
      for (int i = 1; i <= 2; i++) {
        workers.add(Worker.builder().app(APP).secret(SECRET).workerId("bench-w" + i).capacity(perWorker)
            .servers("127.0.0.1:" + transport.port()).processor("noop", ctx -> Result.ok(null)).start());
      }
      for (Worker w : workers) {
        if (!w.awaitConnected(Duration.ofSeconds(10))) {
          throw new IllegalStateException("worker did not connect");
        }
      }
      List<WorkerSession> sessions = new ArrayList<>(registry.workers(APP));
      AtomicLong ids = new AtomicLong();

      // 1. one at a time
      samples = new long[sequential];
      sampleCount.set(0);
      window = new Semaphore(1);
      for (int i = 0; i < sequential; i++) {
        window.acquire();
        send(sessions.get(i % sessions.size()), ids.incrementAndGet());
      }
      window.acquire();
      long[] seq = Arrays.copyOf(samples, (int) Math.min(sampleCount.get(), sequential));
      out.printf("sequential: %d round trips%n", seq.length);

      // 2. a window in flight for the given time
      samples = new long[5_000_000];
      sampleCount.set(0);
      acks.set(0);
      window = new Semaphore(windowSize);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long start = System.nanoTime();
      int next = 0;
      while (System.nanoTime() < end) {
        if (window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
          send(sessions.get(next++ % sessions.size()), ids.incrementAndGet());
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long loaded = acks.get();
      long[] under = Arrays.copyOf(samples, (int) Math.min(sampleCount.get(), samples.length));
      window.tryAcquire(windowSize - 1, 10, TimeUnit.SECONDS); // let the last ones finish
      return new Figures(sessions.size(), seq.length, pct(seq, 50), pct(seq, 99), loaded, loaded / elapsed,
          pct(under, 50), pct(under, 99), reports.get());
    } finally {
      for (Worker w : workers) {
        w.close();
      }
    }
  }

  private void send(WorkerSession w, long id) {
    sentAt.put(id, System.nanoTime());
    w.send(new Dispatch(id, 1, 1, 1, "noop", null, 0));
  }

  /** The percentile in microseconds. */
  private static double pct(long[] nanos, double p) {
    if (nanos.length == 0) {
      return 0;
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))] / 1000.0;
  }
}
