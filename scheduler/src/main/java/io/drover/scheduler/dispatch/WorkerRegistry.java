package io.drover.scheduler.dispatch;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The workers connected to this server, by app. */
public final class WorkerRegistry {
  private final Map<String, Map<String, WorkerSession>> byApp = new ConcurrentHashMap<>();

  /** Adds the session; returns the session it replaces (same worker id reconnecting), or null. */
  WorkerSession add(WorkerSession s) {
    return byApp.computeIfAbsent(s.app(), a -> new ConcurrentHashMap<>()).put(s.workerId(), s);
  }

  /** Removes the session if it is still the current one for its worker id. */
  boolean remove(WorkerSession s) {
    Map<String, WorkerSession> m = byApp.get(s.app());
    return m != null && m.remove(s.workerId(), s);
  }

  public Collection<WorkerSession> workers(String app) {
    Map<String, WorkerSession> m = byApp.get(app);
    return m == null ? List.of() : m.values();
  }

  /** The connected worker of the app with that id, or null. */
  public WorkerSession find(String app, String workerId) {
    Map<String, WorkerSession> m = byApp.get(app);
    return m == null || workerId == null ? null : m.get(workerId);
  }

  public int count(String app) {
    Map<String, WorkerSession> m = byApp.get(app);
    return m == null ? 0 : m.size();
  }

  /** Disconnects every worker of the app (they reconnect and are sent to the new leader). */
  public void disconnectAll(String app) {
    Map<String, WorkerSession> m = byApp.remove(app);
    if (m != null) {
      m.values().forEach(WorkerSession::close);
    }
  }
}
