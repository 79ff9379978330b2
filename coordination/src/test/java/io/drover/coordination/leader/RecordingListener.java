package io.drover.coordination.leader;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records leadership callbacks as "gained:app" / "lost:app", and the threads they came on. */
final class RecordingListener implements LeadershipListener {

  final List<String> events = new CopyOnWriteArrayList<>();
  final Set<String> threads = ConcurrentHashMap.newKeySet();

  @Override
  public void leadershipGained(String app) {
    threads.add(Thread.currentThread().getName());
    events.add("gained:" + app);
  }

  @Override
  public void leadershipLost(String app) {
    threads.add(Thread.currentThread().getName());
    events.add("lost:" + app);
  }

  List<String> eventsFor(String app) {
    return events.stream().filter(e -> e.endsWith(":" + app)).map(e -> e.substring(0, e.indexOf(':'))).toList();
  }

  String last(String app) {
    List<String> forApp = eventsFor(app);
    return forApp.isEmpty() ? "none" : forApp.get(forApp.size() - 1);
  }

  /** Gained and lost alternate for the app, starting with gained. */
  boolean alternates(String app) {
    List<String> forApp = eventsFor(app);
    for (int i = 0; i < forApp.size(); i++) {
      if (!forApp.get(i).equals(i % 2 == 0 ? "gained" : "lost")) {
        return false;
      }
    }
    return true;
  }
}
