package io.drover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the bench app and its jobs through the HTTP API ({@code POST /api/v1/apps}, {@code POST /api/v1/jobs}),
 * several requests at once, and remembers each job's first fire time as the API returned it.
 */
final class JobCreator implements AutoCloseable {
  private final String base;
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService pool;
  private final HttpClient http;

  /** A created job: its id and its first fire time (fires follow at firstFireAt + k * period). */
  record CreatedJob(long id, long firstFireAt) {}

  /** The jobs, how long creating them took, and the latency of one {@code POST /api/v1/jobs}. */
  record Creation(List<CreatedJob> jobs, long elapsedMs, int threads, Lateness requestMs) {
    double perSecond() {
      return elapsedMs == 0 ? jobs.size() : jobs.size() * 1000.0 / elapsedMs;
    }
  }

  JobCreator(String base, int threads) {
    this.base = base;
    AtomicInteger seq = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "bench-job-creator-" + seq.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(threads, factory);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  void createApp(String name, String secret) throws IOException, InterruptedException {
    HttpResponse<String> r = post("/api/v1/apps", json.writeValueAsString(Map.of("name", name, "secret", secret)));
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST /api/v1/apps answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** Creates {@code count} FIXED_RATE jobs named {@code load-000001...} with {@code threads} requests at once. */
  Creation createJobs(String app, String processor, int count, long periodMs, int threads) throws Exception {
    return createJobs(app, processor, 0, count, periodMs, threads, null);
  }

  /**
   * Creates the jobs with a lifetime starting at {@code startAt} (null: none), their first fires spread evenly over
   * one period from there: none fires while the others are created.
   */
  Creation createJobs(String app, String processor, int count, long periodMs, int threads, Long startAt)
      throws Exception {
    return createJobs(app, processor, 0, count, periodMs, threads, startAt);
  }

  /** Creates {@code count} more FIXED_RATE jobs, named from {@code load-<from + 1>} on. */
  Creation createJobs(String app, String processor, int from, int count, long periodMs, int threads)
      throws Exception {
    return createJobs(app, processor, from, count, periodMs, threads, null);
  }

  private Creation createJobs(String app, String processor, int from, int count, long periodMs, int threads,
                              Long startAt) throws Exception {
    AtomicInteger next = new AtomicInteger();
    CreatedJob[] created = new CreatedJob[count];
    long[] requestMicros = new long[count];
    long t0 = System.nanoTime();
    List<Future<?>> clients = new ArrayList<>();
    try (var callers = new Callers(threads)) {
      for (int t = 0; t < threads; t++) {
        clients.add(callers.executor.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            long start = System.nanoTime();
            created[i] = create(app, processor, String.format("load-%06d", from + i + 1), periodMs,
                startAt == null ? null : startAt + i * periodMs / count);
            requestMicros[i] = (System.nanoTime() - start) / 1000;
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    for (int i = 0; i < count; i++) {
      requestMicros[i] /= 1000; // whole milliseconds, like every other figure
    }
    return new Creation(List.of(created), elapsedMs, threads, Lateness.of(requestMicros, count, 0));
  }

  private CreatedJob create(String app, String processor, String name, long periodMs, Long startAt)
      throws Exception {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("app", app);
    job.put("name", name);
    job.put("scheduleType", "FIXED_RATE");
    job.put("scheduleExpr", String.valueOf(periodMs));
    job.put("processor", processor);
    if (startAt != null) {
      job.put("startAt", startAt);
    }
    HttpResponse<String> r = post("/api/v1/jobs", json.writeValueAsString(job));
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST /api/v1/jobs (" + name + ") answered " + r.statusCode() + ": "
          + r.body());
    }
    JsonNode body = json.readTree(r.body());
    return new CreatedJob(body.get("id").asLong(), body.get("nextFireAt").asLong());
  }

  private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The threads that issue requests (blocking sends), separate from the client's own executor. */
  private static final class Callers implements AutoCloseable {
    final ExecutorService executor;

    Callers(int threads) {
      AtomicInteger seq = new AtomicInteger();
      executor = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "bench-job-caller-" + seq.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }

    @Override
    public void close() throws InterruptedException {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
