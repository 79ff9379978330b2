package io.drover.scheduler.store;

import io.drover.protocol.LogBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes instance log lines behind, in batches: {@link #offer} only queues (never blocks a transport thread); one
 * thread takes everything queued and inserts it with multi-row INSERTs in one transaction. The queue is bounded: when
 * it is full (the database is slow or down) new lines are dropped and counted, with one WARN per episode. During a
 * database outage the batch in hand is retried with backoff. {@link #close} writes what is queued, so close it before
 * the database.
 */
public final class InstanceLogWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InstanceLogWriter.class);
  public static final int DEFAULT_CAPACITY = 100_000;
  /** Longer lines are cut to this many characters (a TEXT column holds 64 KB; utf8mb4 takes up to 4 bytes each). */
  static final int MAX_LINE_CHARS = 8_000;
  static final int MAX_BATCH = 5_000;
  private static final int ROWS_PER_STATEMENT = 500;
  private static final int CHARS_PER_STATEMENT = 1_000_000;
  private static final String INSERT = "INSERT INTO instance_log (instance_id, ts, level, worker, line) VALUES ";

  /** One queued line. */
  record Row(long instanceId, long ts, String level, String worker, String line) {}

  private final Database db;
  private final int capacity;
  private final BlockingQueue<Row> queue;
  private final Thread thread;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean dropping = new AtomicBoolean();
  private final AtomicLong droppedThisEpisode = new AtomicLong();
  private volatile boolean running = true;

  public InstanceLogWriter(Database db) {
    this(db, DEFAULT_CAPACITY);
  }

  public InstanceLogWriter(Database db, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("log queue capacity must be positive, got " + capacity);
    }
    this.db = db;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::loop, "drover-log-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a worker's log lines for writing; never blocks. Lines that do not fit in the queue are dropped and
   * counted.
   *
   * @param workerId the worker that sent the lines (stored with each line)
   * @return true when every line was queued, false when some or all were dropped (queue full or writer closed)
   */
  public boolean offer(String workerId, List<LogBatch.Line> lines) {
    if (!running) {
      dropped.addAndGet(lines.size());
      log.debug("Log writer closed: dropping {} line(s) from worker {}", lines.size(), workerId);
      return false;
    }
    String worker = cut(workerId, 128);
    int lost = 0;
    for (LogBatch.Line l : lines) {
      Row row = new Row(l.instanceId(), l.ts(), level(l.level()), worker, line(l.line()));
      if (!queue.offer(row)) {
        lost++;
      }
    }
    if (lost == 0) {
      return true;
    }
    dropped.addAndGet(lost);
    droppedThisEpisode.addAndGet(lost);
    if (dropping.compareAndSet(false, true)) {
      log.warn("Instance log queue is full ({} lines): dropping new log lines until it drains (is the database"
          + " slow or down?)", capacity);
    }
    return false;
  }

  /** Lines written so far. */
  public long written() {
    return written.get();
  }

  /** Lines dropped so far (queue full, unwritable, or offered after close). */
  public long dropped() {
    return dropped.get();
  }

  /** Lines queued and not yet written. */
  public int backlog() {
    return queue.size();
  }

  private void loop() {
    List<Row> batch = new ArrayList<>(MAX_BATCH);
    long backoffMs = 50;
    boolean outage = false;
    while (running || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Row first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        insert(batch);
        written.addAndGet(batch.size());
        batch.clear();
        if (outage) {
          log.info("Instance log writes resumed after a database outage");
          outage = false;
        }
        backoffMs = 50;
        endEpisodeIfDrained();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        if (!DatabaseErrors.isOutage(e)) {
          log.warn("Cannot write {} instance log line(s), dropping them: {}", batch.size(), DatabaseErrors.reason(e));
          dropped.addAndGet(batch.size());
          batch.clear();
          continue;
        }
        if (!running) {
          log.error("Dropping {} unwritten instance log line(s) at shutdown: {}", batch.size() + queue.size(),
              DatabaseErrors.reason(e));
          dropped.addAndGet(batch.size() + queue.size());
          return;
        }
        if (!outage) {
          log.warn("Cannot write {} instance log line(s), will retry: {}", batch.size(), DatabaseErrors.reason(e));
          outage = true;
        }
        sleepQuietly(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 2_000);
      }
    }
  }

  private void endEpisodeIfDrained() {
    if (dropping.get() && queue.size() <= capacity / 2 && dropping.compareAndSet(true, false)) {
      log.info("Instance log queue is draining again; {} line(s) were dropped while it was full",
          droppedThisEpisode.getAndSet(0));
    }
  }

  /** Inserts the rows in one transaction: multi-row INSERTs of at most {@value #ROWS_PER_STATEMENT} rows. */
  private void insert(List<Row> rows) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        int from = 0;
        while (from < rows.size()) {
          int to = from;
          int chars = 0;
          while (to < rows.size() && to - from < ROWS_PER_STATEMENT && (to == from || chars < CHARS_PER_STATEMENT)) {
            chars += rows.get(to).line().length();
            to++;
          }
          insert(c, rows.subList(from, to));
          from = to;
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  private static void insert(Connection c, List<Row> rows) throws SQLException {
    StringBuilder sql = new StringBuilder(INSERT.length() + rows.size() * 12).append(INSERT);
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "(?,?,?,?,?)" : ",(?,?,?,?,?)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (Row r : rows) {
        ps.setLong(p++, r.instanceId());
        ps.setLong(p++, r.ts());
        ps.setString(p++, r.level());
        ps.setString(p++, r.worker());
        ps.setString(p++, r.line());
      }
      ps.executeUpdate();
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static String level(String level) {
    return level == null || level.isBlank() ? "INFO" : cut(level.trim(), 16);
  }

  private static String line(String line) {
    if (line == null) {
      return "";
    }
    return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + " [cut]";
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static void sleepQuietly(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued (waits up to 10 seconds) and stops the thread. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("Instance log writer did not finish within 10 s; {} line(s) may be lost", queue.size());
    }
  }
}
