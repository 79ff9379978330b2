package io.drover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One MAP_REDUCE instance of {@code subtasks} no-op subtasks over three workers, through a real server (embedded
 * ZooKeeper and MariaDB, one JVM) whose leader relays every subtask and result between the workers. Each worker is
 * its own JVM ({@code -Xmx512m} by default) that samples its used heap; the bench prints the wall time from the
 * API call to SUCCEEDED and each worker's peak heap. {@code --in-process} runs the workers in this JVM instead (no
 * heap figures): the smoke test's mode.
 *
 * <pre>bench/run-map-reduce.sh [subtasks] [--capacity N] [--worker-heap 512m]     defaults 1000000, 16</pre>
 */
public final class MapReduceBench {
  static final int WORKERS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private MapReduceBench() {}

  /** The figures of one run; peak heaps are -1 when the workers ran in process. */
  record Figures(long subtasks, String status, String result, long wallMs, long[] peakHeapBytes, long maxHeapBytes) {}

  public static void main(String[] args) throws Exception {
    long subtasks = 1_000_000;
    int capacity = 16;
    String heap = "512m";
    boolean inProcess = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--capacity" -> capacity = Integer.parseInt(args[++i]);
        case "--worker-heap" -> heap = args[++i];
        case "--in-process" -> inProcess = true;
        default -> subtasks = Long.parseLong(args[i]);
      }
    }
    Figures f = run(subtasks, capacity, heap, inProcess, System.out);
    System.out.println();
    System.out.println("| figure | value |");
    System.out.println("|---|---|");
    System.out.printf("| subtasks (no-op, one MAP_REDUCE instance, %d workers x %d slots) | %,d |%n", WORKERS,
        capacity, f.subtasks());
    System.out.printf("| instance status / reduce result | %s / %s |%n", f.status(), f.result());
    System.out.printf("| wall time, run call to SUCCEEDED | %.1f s |%n", f.wallMs() / 1000.0);
    System.out.printf("| subtasks/s | %,.0f |%n", f.subtasks() * 1000.0 / Math.max(1, f.wallMs()));
    for (int i = 0; i < f.peakHeapBytes().length; i++) {
      System.out.printf("| worker %d peak used heap (max heap %d MiB) | %s |%n", i + 1, f.maxHeapBytes() >> 20,
          f.peakHeapBytes()[i] < 0 ? "n/a (in process)" : (f.peakHeapBytes()[i] >> 20) + " MiB");
    }
    System.exit("SUCCEEDED".equals(f.status()) ? 0 : 1);
  }

  static Figures run(long subtasks, int capacity, String workerHeap, boolean inProcess, PrintStream out)
      throws Exception {
    List<Process> processes = new ArrayList<>();
    try (LoadCluster cluster = new LoadCluster(out)) {
      cluster.startZooKeeper();
      cluster.startDatabase(ExternalDb.fromEnv(System.getenv()));
      cluster.startServer(8);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = cluster.apiBase();
      post(http, base + "/api/v1/apps", Map.of("name", LoadCluster.APP, "secret", LoadCluster.SECRET));
      cluster.awaitLeadership(Duration.ofSeconds(30));
      String servers = "127.0.0.1:" + cluster.server().transportPort();
      List<Worker> inJvm = new ArrayList<>();
      try {
        for (int i = 1; i <= WORKERS; i++) {
          if (inProcess) {
            Worker w = MapBenchWorker.builder(servers, "map-w" + i, capacity).start();
            inJvm.add(w);
            if (!w.awaitConnected(Duration.ofSeconds(30))) {
              throw new IllegalStateException("worker " + w.id() + " did not connect");
            }
          } else {
            processes.add(startWorkerProcess(servers, "map-w" + i, capacity, workerHeap));
          }
        }
        JsonNode job = post(http, base + "/api/v1/jobs", Map.of("app", LoadCluster.APP, "name", "map-bench",
            "scheduleType", "API", "processor", MapBenchWorker.PROCESSOR, "mode", "MAP_REDUCE"));
        long started = System.nanoTime();
        long id = post(http, base + "/api/v1/jobs/" + job.get("id").asLong() + "/run",
            Map.of("params", Long.toString(subtasks))).get("instanceId").asLong();
        JsonNode instance;
        long lastPrint = 0;
        while (true) {
          instance = get(http, base + "/api/v1/instances/" + id);
          String status = instance.get("status").asText();
          if (List.of("SUCCEEDED", "FAILED", "CANCELED", "TIMED_OUT").contains(status)) {
            break;
          }
          if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(5)) {
            out.println("progress: " + instance.path("progress"));
            lastPrint = System.nanoTime();
          }
          TimeUnit.MILLISECONDS.sleep(50);
        }
        long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        long[] peaks = new long[WORKERS];
        long max = -1;
        for (int i = 0; i < WORKERS; i++) {
          if (inProcess) {
            peaks[i] = -1;
          } else {
            long[] heap = peakHeap(processes.get(i));
            peaks[i] = heap[0];
            max = heap[1];
          }
        }
        return new Figures(subtasks, instance.get("status").asText(), instance.path("result").asText(), wallMs,
            peaks, max);
      } finally {
        inJvm.forEach(Worker::close);
        for (Process p : processes) {
          stop(p);
        }
      }
    }
  }

  private static Process startWorkerProcess(String servers, String id, int capacity, String heap) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        MapBenchWorker.class.getName(), servers, id, Integer.toString(capacity))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String line = reader(p).readLine();
    if (!"CONNECTED".equals(line)) {
      p.destroyForcibly();
      throw new IllegalStateException("worker process " + id + " did not connect: " + line);
    }
    return p;
  }

  private static final Map<Process, BufferedReader> READERS = new java.util.concurrent.ConcurrentHashMap<>();

  private static BufferedReader reader(Process p) {
    return READERS.computeIfAbsent(p, k -> new BufferedReader(new InputStreamReader(k.getInputStream(),
        StandardCharsets.UTF_8)));
  }

  /** Asks the worker process for its peak used heap and its max heap. */
  private static long[] peakHeap(Process p) throws Exception {
    Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    w.write("report\n");
    w.flush();
    for (String line = reader(p).readLine(); line != null; line = reader(p).readLine()) {
      if (line.startsWith("PEAK_HEAP ")) {
        String[] parts = line.split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
      }
    }
    throw new IllegalStateException("worker process ended without reporting its heap");
  }

  private static void stop(Process p) throws InterruptedException {
    try {
      Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
      w.write("stop\n");
      w.flush();
      w.close();
    } catch (java.io.IOException e) {
      // already gone
    }
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    READERS.remove(p);
  }

  private static JsonNode post(HttpClient http, String url, Object body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static JsonNode get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
