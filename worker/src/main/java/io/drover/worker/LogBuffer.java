package io.drover.worker;

import io.drover.protocol.Envelope;
import io.drover.protocol.LogBatch;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's instance log lines on their way to the server: one bounded buffer for all attempts, sent as LOG
 * frames over the welcomed connection every flush interval, or at once when a batch's worth is waiting.
 *
 * <p>A line leaves the buffer only when its frame was written; lines of a connection that ends are sent again on
 * the next one, in order. When the buffer is full the oldest unsent lines are dropped, and each instance that lost
 * lines gets one WARN line saying how many, at the head of the next frame. All writes happen on the connection's
 * event loop, so frames leave in the order lines were written, and before anything written on that connection after
 * a {@link #flush()}. Thread-safe.
 */
final class LogBuffer {
  private static final Logger log = LoggerFactory.getLogger(LogBuffer.class);
  /** The smallest line limit a worker may be tuned to: room for the truncation marker and some text. */
  static final int MIN_LINE_BYTES = 128;
  /** Most estimated body bytes in one LOG frame: well under the servers' 1 MiB frame limit. */
  static final int BATCH_BYTES = 512 * 1024;
  /** Estimated JSON bytes of one line besides its text: field names, numbers and the level. */
  private static final int LINE_OVERHEAD_BYTES = 96;

  private record Entry(long seq, LogBatch.Line line, int bytes) {}

  private final int capacity;
  private final int batchLines;
  private final long flushIntervalMs;
  private final int lineMaxBytes;
  private final Clock clock;

  // Guarded by this.
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  /** Lines dropped per instance and not told to the server yet. */
  private final Map<Long, Long> dropped = new LinkedHashMap<>();
  private long nextSeq = 1;
  /** Lines up to this sequence number are written to the channel (or gone); the rest wait. */
  private long writtenUpTo;
  private Channel channel;
  private ScheduledFuture<?> timer;
  private boolean flushQueued;
  private boolean warnedDropping;

  LogBuffer(int capacity, int batchLines, long flushIntervalMs, int lineMaxBytes, Clock clock) {
    if (capacity < 1 || batchLines < 1 || flushIntervalMs < 1 || lineMaxBytes < MIN_LINE_BYTES) {
      throw new IllegalArgumentException("invalid log buffer limits: capacity " + capacity + ", batch "
          + batchLines + ", interval " + flushIntervalMs + " ms, line " + lineMaxBytes + " bytes");
    }
    this.capacity = capacity;
    this.batchLines = batchLines;
    this.flushIntervalMs = flushIntervalMs;
    this.lineMaxBytes = lineMaxBytes;
    this.clock = clock;
  }

  static LogBuffer of(Tuning t, Clock clock) {
    return new LogBuffer(t.logBufferLines(), t.logBatchLines(), t.logFlushIntervalMs(), t.logLineMaxBytes(), clock);
  }

  /** Adds a line of an instance's log (truncated to the line limit); any thread. */
  void append(long instanceId, String level, String text) {
    String line = truncate(text == null ? "null" : text, lineMaxBytes);
    int bytes = jsonBytes(line) + LINE_OVERHEAD_BYTES;
    Channel flushOn = null;
    synchronized (this) {
      if (entries.size() >= capacity) {
        dropOldest();
      }
      entries.add(new Entry(nextSeq++, new LogBatch.Line(instanceId, clock.millis(), level, line), bytes));
      if (channel != null && !flushQueued && unwritten() >= batchLines) {
        flushQueued = true;
        flushOn = channel;
      }
    }
    if (flushOn != null) {
      Channel ch = flushOn;
      runOnLoop(ch, () -> flushOnLoop(ch, false));
    }
  }

  /**
   * Sends every waiting line now, ahead of anything written to the connection after this call (a terminal
   * REPORT); does nothing while disconnected. Any thread.
   */
  void flush() {
    Channel ch;
    synchronized (this) {
      ch = channel;
    }
    if (ch != null) {
      runOnLoop(ch, () -> flushOnLoop(ch, true));
    }
  }

  /** A connection was welcomed: sends what waited, then keeps sending on it. On its event loop. */
  void attach(Channel ch) {
    int waiting;
    synchronized (this) {
      channel = ch;
      rewind();
      waiting = unwritten();
      timer = ch.eventLoop().scheduleAtFixedRate(() -> flushOnLoop(ch, false), flushIntervalMs, flushIntervalMs,
          TimeUnit.MILLISECONDS);
    }
    if (waiting > 0) {
      log.debug("Sending {} instance log lines kept while disconnected", waiting);
    }
    flushOnLoop(ch, true);
  }

  /** The connection ended (or is about to): lines written to it and not yet confirmed wait for the next one. */
  synchronized void detach(Channel ch) {
    if (channel != ch) {
      return;
    }
    channel = null;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    rewind();
  }

  /** Lines not yet confirmed written. */
  synchronized int pendingCount() {
    return entries.size();
  }

  private void runOnLoop(Channel ch, Runnable task) {
    if (ch.eventLoop().inEventLoop()) {
      task.run();
      return;
    }
    try {
      ch.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("Instance log lines not flushed: the connection's event loop has stopped");
    }
  }

  /** Writes the waiting lines as LOG frames; a periodic flush waits while the connection is not writable. */
  private void flushOnLoop(Channel ch, boolean force) {
    List<LogBatch> batches = new ArrayList<>();
    List<Long> lastSeqs = new ArrayList<>();
    Map<Long, Long> notices;
    synchronized (this) {
      flushQueued = false;
      if (ch != channel || (!force && !ch.isWritable())) {
        return;
      }
      notices = takeNotices();
      List<LogBatch.Line> lines = new ArrayList<>(noticeLines(notices));
      int bytes = lines.size() * LINE_OVERHEAD_BYTES * 2;
      long last = writtenUpTo;
      for (Entry e : entries) {
        if (e.seq() <= writtenUpTo) {
          continue;
        }
        if (!lines.isEmpty() && (lines.size() >= batchLines || bytes + e.bytes() > BATCH_BYTES)) {
          batches.add(new LogBatch(lines));
          lastSeqs.add(last);
          lines = new ArrayList<>();
          bytes = 0;
        }
        lines.add(e.line());
        bytes += e.bytes();
        last = e.seq();
      }
      if (!lines.isEmpty()) {
        batches.add(new LogBatch(lines));
        lastSeqs.add(last);
      }
      writtenUpTo = last;
    }
    for (int i = 0; i < batches.size(); i++) {
      long lastSeq = lastSeqs.get(i);
      Map<Long, Long> told = i == 0 ? notices : Map.of();
      ch.write(Envelope.of(batches.get(i))).addListener(f -> written(ch, lastSeq, told, f.isSuccess(), f.cause()));
    }
    if (!batches.isEmpty()) {
      ch.flush();
    }
  }

  private synchronized void written(Channel ch, long lastSeq, Map<Long, Long> told, boolean success,
                                    Throwable cause) {
    if (success || ch.isActive()) {
      if (!success) {
        log.error("Cannot send instance log lines; dropping them", cause);
      }
      while (!entries.isEmpty() && entries.peekFirst().seq() <= lastSeq) {
        entries.poll();
      }
      return;
    }
    told.forEach((instanceId, n) -> dropped.merge(instanceId, n, Long::sum));
    if (ch == channel) {
      rewind();
    }
  }

  // ---- guarded by this

  private int unwritten() {
    if (entries.isEmpty()) {
      return 0;
    }
    return (int) (entries.peekLast().seq() - Math.max(writtenUpTo, entries.peekFirst().seq() - 1));
  }

  /** Everything still buffered is to be written again. */
  private void rewind() {
    writtenUpTo = entries.isEmpty() ? nextSeq - 1 : entries.peekFirst().seq() - 1;
  }

  private void dropOldest() {
    Entry oldest = entries.poll();
    if (oldest.seq() <= writtenUpTo) {
      return; // written already, just not confirmed yet
    }
    dropped.merge(oldest.line().instanceId(), 1L, Long::sum);
    if (!warnedDropping) {
      warnedDropping = true;
      log.warn("Instance log buffer full ({} lines): dropping the oldest unsent lines", capacity);
    }
  }

  private Map<Long, Long> takeNotices() {
    if (dropped.isEmpty()) {
      return Map.of();
    }
    Map<Long, Long> taken = new LinkedHashMap<>(dropped);
    dropped.clear();
    warnedDropping = false;
    return taken;
  }

  private List<LogBatch.Line> noticeLines(Map<Long, Long> notices) {
    long now = clock.millis();
    List<LogBatch.Line> lines = new ArrayList<>();
    notices.forEach((instanceId, n) -> lines.add(new LogBatch.Line(instanceId, now, "WARN",
        n + " log lines dropped (the worker's log buffer was full)")));
    return lines;
  }

  // ---- line size

  /** The text cut to at most {@code maxBytes} UTF-8 bytes, the marker included, when it is longer. */
  static String truncate(String s, int maxBytes) {
    if ((long) s.length() * 3 <= maxBytes) {
      return s;
    }
    int total = utf8Length(s);
    if (total <= maxBytes) {
      return s;
    }
    String marker = " ... [truncated, " + total + " bytes in all]";
    int budget = maxBytes - marker.length();
    int cut = 0;
    int used = 0;
    while (cut < s.length()) {
      char c = s.charAt(cut);
      boolean pair = Character.isHighSurrogate(c) && cut + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(cut + 1));
      int n = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      if (used + n > budget) {
        break;
      }
      used += n;
      cut += pair ? 2 : 1;
    }
    return s.substring(0, cut) + marker;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** An upper bound of the text's size in a JSON string: escapes count 6 bytes, other characters their UTF-8. */
  private static int jsonBytes(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x20 ? 6 : c == '"' || c == '\\' ? 2 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return n;
  }
}
