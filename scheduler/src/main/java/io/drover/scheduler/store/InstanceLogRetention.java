package io.drover.scheduler.store;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes instance log lines older than the retention period; run it on a schedule (every server does, hourly).
 * A failure is logged and the next run tries again.
 */
public final class InstanceLogRetention implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(InstanceLogRetention.class);

  private final InstanceLogStore store;
  private final LongSupplier clock;
  private final long retentionMs;

  public InstanceLogRetention(InstanceLogStore store, LongSupplier clock, int retentionDays) {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("log retention must be at least one day, got " + retentionDays);
    }
    this.store = store;
    this.clock = clock;
    this.retentionMs = TimeUnit.DAYS.toMillis(retentionDays);
  }

  @Override
  public void run() {
    long cutoff = clock.getAsLong() - retentionMs;
    try {
      long deleted = store.deleteOlderThan(cutoff);
      if (deleted > 0) {
        log.info("Deleted {} instance log line(s) older than {} days", deleted, TimeUnit.MILLISECONDS.toDays(
            retentionMs));
      }
    } catch (RuntimeException e) {
      log.warn("Cannot delete old instance log lines, will try again at the next run: {}", DatabaseErrors.reason(e));
    }
  }
}
