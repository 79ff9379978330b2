package io.drover.bench.scale;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the server keeps up, sampled every few seconds at a bounded cost, so the sampling does not load the
 * database it measures: the fires recorded since the last sample (a primary-key range of new instances) with their
 * lateness, and the jobs overdue (counted up to {@value #OVERDUE_CAP}, one short index range).
 */
final class Progress {
  /** Overdue by more than this, a job counts in the backlog. */
  static final long OVERDUE_AFTER_MS = 1_000;
  static final int OVERDUE_CAP = 100_000;

  private final FireWindowReader reader;
  private final long appId;
  private long lastId;
  private long lastAt;

  /** One sample: fires recorded per second since the previous one, their lateness, jobs overdue (capped). */
  record Sample(long at, double firesPerSecond, long meanLateMs, long maxLateMs, long overdue) {
    Map<String, Object> toMap(long from) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("s", (at - from) / 1000);
      m.put("firesRecordedPerSecond", Math.round(firesPerSecond));
      m.put("recordLatenessMeanMs", meanLateMs);
      m.put("recordLatenessMaxMs", maxLateMs);
      m.put("jobsOverdue", overdue >= OVERDUE_CAP ? OVERDUE_CAP + "+" : overdue);
      return m;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,.0f fires/s recorded, record lateness mean %,d ms, max %,d ms; %s jobs"
          + " more than %d ms overdue", firesPerSecond, meanLateMs, maxLateMs,
          overdue >= OVERDUE_CAP ? String.format(Locale.ROOT, "%,d+", OVERDUE_CAP)
              : String.format(Locale.ROOT, "%,d", overdue), OVERDUE_AFTER_MS);
    }
  }

  Progress(FireWindowReader reader, long appId) throws SQLException {
    this.reader = reader;
    this.appId = appId;
    this.lastId = reader.maxInstanceId();
    this.lastAt = System.currentTimeMillis();
  }

  Sample sample() throws SQLException {
    long now = System.currentTimeMillis();
    FireWindowReader.Recorded r = reader.recordedAfter(lastId);
    double perSecond = now > lastAt ? r.count() * 1000.0 / (now - lastAt) : 0;
    if (r.maxId() > lastId) {
      lastId = r.maxId();
    }
    lastAt = now;
    return new Sample(now, perSecond, r.meanLateMs(), r.maxLateMs(),
        reader.overdueJobs(appId, now - OVERDUE_AFTER_MS, OVERDUE_CAP));
  }
}
