package io.drover.coordination.leader;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one server sees of the cluster's leadership at one moment, from its caches: every input of the balance.
 *
 * @param apps    the registered apps
 * @param queues  app to the server ids in its latch, in queue order: the first one leads. A server can show up twice
 *                for a moment, when it has just re-joined and its old znode is not gone yet; its place is its last
 *                one.
 * @param live    the server ids under {@code servers/}
 * @param drained the server ids under {@code drain/}
 * @param pins    app to the server id in its {@code pin} znode
 */
record LeadershipSnapshot(SortedSet<String> apps, Map<String, List<String>> queues, Set<String> live,
    Set<String> drained, Map<String, String> pins) {

  LeadershipSnapshot {
    apps = new TreeSet<>(apps);
    queues = Map.copyOf(queues);
    live = Set.copyOf(live);
    drained = Set.copyOf(drained);
    pins = Map.copyOf(pins);
  }

  List<String> queue(String app) {
    return queues.getOrDefault(app, List.of());
  }

  /** The server whose znode is first in the app's latch, i.e. its leader (or the one about to be). */
  Optional<String> leader(String app) {
    List<String> queue = queue(app);
    return queue.isEmpty() ? Optional.empty() : Optional.of(queue.get(0));
  }

  /** The server whose znode is second in the app's latch: the one that leads once the leader leaves. */
  Optional<String> successor(String app) {
    List<String> queue = queue(app);
    return queue.size() < 2 ? Optional.empty() : Optional.of(queue.get(1));
  }

  /** True when {@code server}'s place in the app's latch is before {@code other}'s (both must be in it). */
  boolean isAhead(String app, String server, String other) {
    List<String> queue = queue(app);
    int mine = queue.lastIndexOf(server);
    int theirs = queue.lastIndexOf(other);
    return mine >= 0 && theirs >= 0 && mine < theirs;
  }
}
