package io.drover.worker;

import io.drover.protocol.Reject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the REJECTs a worker gets without flooding the application's log while it keeps retrying. A non-retryable
 * one (authentication failed, unknown app) needs an operator: ERROR the first time, then at most once a minute per
 * reason. A retryable one (no leader yet) is WARNed once per reason. Repeats go to DEBUG. A WELCOME starts afresh.
 * Used from the connection's event loop only.
 */
final class RejectionLog {
  private static final Logger log = LoggerFactory.getLogger(RejectionLog.class);
  static final Duration ERROR_EVERY = Duration.ofMinutes(1);
  private static final int MAX_REASONS = 100;

  /** How loudly to log one rejection. */
  enum Level { ERROR, WARN, DEBUG }

  private final Clock clock;
  private final Map<String, Instant> lastError = new HashMap<>();
  private final Set<String> warned = new HashSet<>();

  RejectionLog(Clock clock) {
    this.clock = clock;
  }

  /** Logs a rejection of the worker by a server, at the level {@link #levelOf} decides. */
  void rejected(ServerAddress server, String workerId, String app, Reject r, long retryInMs) {
    switch (levelOf(r)) {
      case ERROR -> log.error("Server {} rejected worker {} of app {}: {} (not retryable; trying again in {} ms, "
          + "repeats logged at most once every {} s)", server, workerId, app, r.reason(), retryInMs,
          ERROR_EVERY.toSeconds());
      case WARN -> log.warn("Server {} rejected worker {} of app {}: {} (retrying)", server, workerId, app,
          r.reason());
      case DEBUG -> log.debug("Server {} rejected worker {} again: {}", server, workerId, r.reason());
    }
  }

  /** The level to log this rejection at, now; remembers what it decided. */
  Level levelOf(Reject r) {
    String reason = String.valueOf(r.reason());
    if (r.retryable()) {
      if (warned.size() >= MAX_REASONS) {
        warned.clear();
      }
      return warned.add(reason) ? Level.WARN : Level.DEBUG;
    }
    Instant now = clock.instant();
    Instant last = lastError.get(reason);
    if (last != null && now.isBefore(last.plus(ERROR_EVERY))) {
      return Level.DEBUG;
    }
    if (lastError.size() >= MAX_REASONS) {
      lastError.clear();
    }
    lastError.put(reason, now);
    return Level.ERROR;
  }

  /** The worker was welcomed: the next rejection is news again. */
  void welcomed() {
    warned.clear();
    lastError.clear();
  }
}
