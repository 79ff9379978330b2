package io.drover.scheduler.dispatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** What every worker connection's handler shares. */
record TransportContext(String serverId, WorkerGateway gateway, WorkerRegistry registry, AppKeys keys,
                        LogSink logs, LongSupplier clock, long heartbeatIntervalMs,
                        Map<String, Long> lastRefusalLogged) {
  static final long REFUSAL_LOG_INTERVAL_MS = 60_000;

  TransportContext(String serverId, WorkerGateway gateway, WorkerRegistry registry, AppKeys keys, LogSink logs,
                   LongSupplier clock, long heartbeatIntervalMs) {
    this(serverId, gateway, registry, keys, logs, clock, heartbeatIntervalMs, new ConcurrentHashMap<>());
  }

  /** True when a refusal for this key should be logged now: the first, then at most once a minute. */
  boolean shouldLogRefusal(String key) {
    long now = clock.getAsLong();
    Long last = lastRefusalLogged.get(key);
    if (last != null && now - last < REFUSAL_LOG_INTERVAL_MS) {
      return false;
    }
    if (lastRefusalLogged.size() > 10_000) {
      lastRefusalLogged.clear();
    }
    lastRefusalLogged.put(key, now);
    return true;
  }
}
