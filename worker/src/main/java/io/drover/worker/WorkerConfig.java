package io.drover.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a worker is started with, validated by {@link Worker.Builder}.
 *
 * @param app the app group the worker belongs to
 * @param secret the app secret, proven (never sent) in every HELLO; null or empty for none
 * @param servers the servers to try, in order
 * @param workerId the stable id of this worker process
 * @param address the host name sent in HELLO (informational)
 * @param labels labels for worker selectors, in the order given
 * @param capacity attempts run at once
 * @param processors processors by name
 * @param builtins the names of the built-in processors enabled, see {@link Builtins}
 * @param shutdownDeadline how long {@link Worker#close()} lets running attempts finish
 * @param tuning timings and limits
 * @param map limits of map and map-reduce instances
 */
record WorkerConfig(String app, String secret, List<ServerAddress> servers, String workerId, String address,
                    Map<String, String> labels, int capacity, Map<String, Processor> processors,
                    List<String> builtins, Duration shutdownDeadline, Tuning tuning, MapSettings map,
                    Duration runningReportDelay) {

  WorkerConfig(String app, String secret, List<ServerAddress> servers, String workerId, String address,
               Map<String, String> labels, int capacity, Map<String, Processor> processors, List<String> builtins,
               Duration shutdownDeadline, Tuning tuning) {
    this(app, secret, servers, workerId, address, labels, capacity, processors, builtins, shutdownDeadline, tuning,
        MapSettings.DEFAULTS, Worker.DEFAULT_RUNNING_REPORT_DELAY);
  }

  WorkerConfig {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(runningReportDelay, "runningReportDelay");
    servers = List.copyOf(servers);
    labels = Map.copyOf(labels);
    processors = Map.copyOf(processors);
    builtins = List.copyOf(builtins);
  }

  /** True when the worker has an app secret to prove. */
  boolean hasSecret() {
    return secret != null && !secret.isEmpty();
  }

  /** The start of every thread name of this worker. */
  String threadNamePrefix() {
    return "drover-worker-" + workerId + "-";
  }

  /** A printable summary; the secret is masked. */
  @Override
  public String toString() {
    return "worker " + workerId + " of app " + app + ": servers " + servers + ", capacity " + capacity
        + ", labels " + labels + ", processors " + processors.keySet().stream().sorted().toList()
        + ", builtins " + builtins + ", shutdown deadline " + shutdownDeadline.toMillis() + " ms"
        + ", running report delay " + runningReportDelay.toMillis() + " ms"
        + ", secret " + (hasSecret() ? "****" : "(none)");
  }
}
