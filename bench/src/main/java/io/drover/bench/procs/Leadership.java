package io.drover.bench.procs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Who leads which app, and waiting until every server leads its fair share. */
final class Leadership {
  private final ProcessCluster cluster;
  private final Set<String> apps;

  Leadership(ProcessCluster cluster, Set<String> apps) {
    this.cluster = cluster;
    this.apps = apps;
  }

  /** app -> leading server, each settled ({@link ProcessCluster#awaitLeader}). */
  Map<String, String> leaders() throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    for (String app : apps) {
      m.put(app, cluster.awaitLeader(app, ProcessCluster.START_TIMEOUT).leader());
    }
    return m;
  }

  /**
   * Waits until every app is led and no server leads more than its share, ceil(apps / servers), as the servers'
   * {@code /health} says; returns when that was seen (epoch ms).
   */
  long awaitBalanced(Duration timeout) throws Exception {
    List<ServerProcess> servers = cluster.servers();
    int share = (apps.size() + servers.size() - 1) / servers.size();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, List<String>> seen = new LinkedHashMap<>();
    while (true) {
      seen.clear();
      for (ServerProcess s : servers) {
        seen.put(s.id(), s.ledApps().orElse(List.of()));
      }
      Set<String> led = new LinkedHashSet<>();
      seen.values().forEach(led::addAll);
      if (led.containsAll(apps) && seen.values().stream().allMatch(l -> l.size() <= share)) {
        return System.currentTimeMillis();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("leadership not balanced after " + timeout.toSeconds() + " s: " + seen);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
