package io.drover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * API run → processor start on the whole real path: an HTTP {@code POST /jobs/{id}/run} to one server (embedded
 * ZooKeeper and MariaDB, or {@code DROVER_BENCH_DB_URL}), the instance inserted, dispatched over the transport to
 * one of two workers in this JVM, whose processor notes {@link System#nanoTime()} when it starts. Runs are sent at
 * fixed rates, open loop, over {@value #CONNECTIONS} keep-alive connections ({@link OpenLoopSender}): a slow answer
 * does not slow the sender, and a run that waits for a free connection counts from when it was due.
 *
 * <pre>bench/run-api-latency.sh [seconds per rate] [rate...] [--result FILE]     defaults 10 100 1000</pre>
 */
public final class ApiRunBench {
  /** Keep-alive connections the runs are sent over: at 1,000 runs/s, each carries one run every 16 ms. */
  static final int CONNECTIONS = 64;
  private final ConcurrentHashMap<Long, Long> startedAt = new ConcurrentHashMap<>();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  private ApiRunBench() {}

  /** Figures at one rate, latencies in microseconds. */
  record Figures(int rate, int sent, int started, int failed, double p50Us, double p99Us, double maxUs) {}

  public static void main(String[] args) throws Exception {
    int seconds = 10;
    List<Integer> rates = new ArrayList<>();
    Path result = null;
    int positional = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--result") && i + 1 < args.length) {
        result = Path.of(args[++i]);
      } else if (positional++ == 0) {
        seconds = Integer.parseInt(args[i]);
      } else {
        rates.add(Integer.parseInt(args[i]));
      }
    }
    if (rates.isEmpty()) {
      rates = List.of(100, 1000);
    }
    List<Figures> all = run(seconds, rates, System.out);
    System.out.println();
    System.out.println("| runs/s offered | sent | started | failed | run → start p50 | p99 | max |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Figures f : all) {
      System.out.printf("| %d | %d | %d | %d | %.1f ms | %.1f ms | %.1f ms |%n", f.rate(), f.sent(), f.started(),
          f.failed(), f.p50Us() / 1000, f.p99Us() / 1000, f.maxUs() / 1000);
    }
    if (result != null) {
      scenario(all, seconds).write(result);
    }
  }

  /** The figures as a suite scenario: per rate, how many runs started, and run → start p50 and p99 (goal 20 ms). */
  static ScenarioResult scenario(List<Figures> all, int seconds) {
    ScenarioResult r = ScenarioResult.of("api-latency", "POST /jobs/{id}/run at fixed rates, open loop, " + seconds
        + " s each; 1 server, 2 workers");
    for (Figures f : all) {
      String at = String.format(Locale.ROOT, "%,d runs/s", f.rate());
      r.add(Figure.atLeast(at + ": started", f.started(), "count", f.sent()));
      r.add(Figure.of(at + ": run → start p50", f.p50Us() / 1000.0, "ms"));
      r.add(Figure.atMost(at + ": run → start p99", f.p99Us() / 1000.0, "ms", 20));
      r.add(Figure.of(at + ": run → start max", f.maxUs() / 1000.0, "ms"));
    }
    r.detail("rates", all);
    return r;
  }

  static List<Figures> run(int seconds, List<Integer> rates, PrintStream out) throws Exception {
    return new ApiRunBench().measure(seconds, rates, out);
  }

  private List<Figures> measure(int seconds, List<Integer> rates, PrintStream out) throws Exception {
    List<Figures> all = new ArrayList<>();
    try (LoadCluster cluster = new LoadCluster(out)) {
      cluster.startZooKeeper();
      cluster.startDatabase(ExternalDb.fromEnv(System.getenv()));
      cluster.startServer(16);
      String api = cluster.apiBase() + "/api/v1";
      post(api + "/apps", Map.of("name", LoadCluster.APP, "secret", LoadCluster.SECRET));
      cluster.awaitLeadership(Duration.ofSeconds(30));
      List<Worker> workers = new ArrayList<>();
      try {
        for (int i = 1; i <= 2; i++) {
          workers.add(Worker.builder().app(LoadCluster.APP).secret(LoadCluster.SECRET).workerId("api-w" + i)
              .capacity(256).servers("127.0.0.1:" + cluster.server().transportPort())
              .processor("mark", ctx -> {
                startedAt.putIfAbsent(ctx.instanceId(), System.nanoTime());
                return Result.ok(null);
              }).start());
        }
        for (Worker w : workers) {
          if (!w.awaitConnected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("a worker did not connect");
          }
        }
        long jobId = json.readTree(post(api + "/jobs", Map.of("app", LoadCluster.APP, "name", "api-run",
            "scheduleType", "API", "processor", "mark"))).get("id").asLong();
        measureRate(api, jobId, 100, Math.min(10, seconds)); // warm-up: JIT, pools
        int probes = seconds < 5 ? 20 : 200;
        probe("GET /health", URI.create(cluster.apiBase() + "/health"), false, probes);
        probe("GET job", URI.create(api + "/jobs/" + jobId), false, probes);
        probe("POST run", URI.create(api + "/jobs/" + jobId + "/run"), true, probes);
        for (int rate : rates) {
          Figures f = measureRate(api, jobId, rate, seconds);
          out.printf("rate %d/s: sent %d, started %d, p50 %.1f ms, p99 %.1f ms%n", rate, f.sent(), f.started(),
              f.p50Us() / 1000, f.p99Us() / 1000);
          all.add(f);
        }
      } finally {
        for (Worker w : workers) {
          w.shutdown(Duration.ZERO);
        }
      }
    }
    return all;
  }

  private Figures measureRate(String api, long jobId, int rate, int seconds) throws Exception {
    startedAt.clear();
    URI uri = URI.create(api + "/jobs/" + jobId + "/run");
    int total = rate * seconds;
    OpenLoopSender.Sent[] sent = OpenLoopSender.send(uri, "POST", uri.getRawPath(), rate, total, CONNECTIONS);
    long[] lat = new long[total];
    long[] answer = new long[total];
    int n = 0;
    int failed = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (OpenLoopSender.Sent s : sent) {
      long id = s.answered() && s.status() == 202 ? readId(s.body()) : -1;
      if (id < 0) {
        failures.merge(s.answered() ? "HTTP " + s.status() : s.error(), 1, Integer::sum);
        failed++;
        continue;
      }
      Long started;
      while ((started = startedAt.get(id)) == null && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      if (started != null) {
        answer[n] = (s.answeredAt() - s.dueAt()) / 1000;
        lat[n++] = (started - s.dueAt()) / 1000;
      }
    }
    long[] l = Arrays.copyOf(lat, n);
    Arrays.sort(l);
    long[] a = Arrays.copyOf(answer, n);
    Arrays.sort(a);
    System.out.printf("rate %d/s: answered (202) p50 %.1f ms p99 %.1f ms; failures %s%n", rate, pct(a, 50) / 1000,
        pct(a, 99) / 1000, failures);
    failures.clear();
    return new Figures(rate, total, n, failed, pct(l, 50), pct(l, 99), n == 0 ? 0 : l[n - 1]);
  }

  /** Sequential requests, one at a time: where the time of one run goes (HTTP alone, a read, a run). */
  private void probe(String what, URI uri, boolean post, int count) throws Exception {
    long[] t = new long[count];
    try (KeepAliveConnection conn = new KeepAliveConnection(uri)) {
      for (int i = 0; i < t.length; i++) {
        long s0 = System.nanoTime();
        conn.send(post ? "POST" : "GET", uri.getRawPath(), null);
        t[i] = (System.nanoTime() - s0) / 1000;
      }
    }
    Arrays.sort(t);
    System.out.printf("probe %s sequential p50 %.2f ms p99 %.2f ms%n", what, pct(t, 50) / 1000, pct(t, 99) / 1000);
  }

  private long readId(String body) {
    try {
      return json.readTree(body).get("instanceId").asLong();
    } catch (Exception e) {
      return -1L;
    }
  }

  private String post(String url, Object body) throws Exception {
    URI uri = URI.create(url);
    try (KeepAliveConnection conn = new KeepAliveConnection(uri)) {
      KeepAliveConnection.Answer r = conn.send("POST", uri.getRawPath(), json.writeValueAsString(body));
      if (r.status() / 100 != 2) {
        throw new IllegalStateException("POST " + url + " answered " + r.status() + ": " + r.body());
      }
      return r.body();
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
