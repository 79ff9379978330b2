package io.drover.worker;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a worker is started with, validated by {@link Worker.Builder}.
 *
 * @param app the app group the worker belongs to
 * @param secret the app secret (not sent yet; HELLO carries no proof until authentication is enforced), may be null
 * @param servers the servers to try, in order
 * @param workerId the stable id of this worker process
 * @param address the host name sent in HELLO (informational)
 * @param labels labels for worker selectors, in the order given
 * @param capacity attempts run at once
 * @param processors processors by name
 * @param tuning timings and limits
 */
record WorkerConfig(String app, String secret, List<ServerAddress> servers, String workerId, String address,
                    Map<String, String> labels, int capacity, Map<String, Processor> processors, Tuning tuning) {

  WorkerConfig {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(tuning, "tuning");
    servers = List.copyOf(servers);
    labels = Map.copyOf(labels);
    processors = Map.copyOf(processors);
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
        + ", secret " + (secret == null || secret.isEmpty() ? "(none)" : "****");
  }
}
