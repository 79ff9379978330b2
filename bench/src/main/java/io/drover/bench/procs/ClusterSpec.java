package io.drover.bench.procs;

import io.drover.bench.ExternalDb;
import java.util.List;

/**
 * What a {@link ProcessCluster} runs.
 *
 * @param servers Drover server processes
 * @param workers worker processes, each with one worker per app
 * @param apps the apps created at start (all with the secret {@link #SECRET})
 * @param sessionTimeoutMs {@code drover.zk.session-timeout-ms} of the servers
 * @param serverHeap {@code -Xmx} of each server
 * @param external an external MySQL server for the database; null for the embedded MariaDB
 */
record ClusterSpec(int servers, int workers, List<String> apps, long sessionTimeoutMs, String serverHeap,
                   ExternalDb external) {
  ClusterSpec {
    if (servers < 1 || workers < 0 || apps.isEmpty() || sessionTimeoutMs < 1000) {
      throw new IllegalArgumentException("a cluster needs a server, an app and a session timeout of at least"
          + " 1000 ms (the embedded ZooKeeper's minimum), got " + servers + " server(s), apps " + apps + ", "
          + sessionTimeoutMs + " ms");
    }
    apps = List.copyOf(apps);
  }

  /** The secret of every app of the cluster. */
  static final String SECRET = "bench-secret-42";
}
