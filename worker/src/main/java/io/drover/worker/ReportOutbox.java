package io.drover.worker;

import io.drover.protocol.BatchedWriter;
import io.drover.protocol.Envelope;
import io.drover.protocol.Report;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where reports go: straight to the welcomed connection when there is one, otherwise into a bounded buffer that is
 * sent, in order, after the next WELCOME. A running attempt's outcome is never lost because a connection dropped;
 * only a buffer overflow drops reports (the oldest first, with a WARN). Thread-safe: processors report from their
 * own threads, and reports sent at about the same moment leave in one socket write ({@link BatchedWriter}).
 */
final class ReportOutbox {
  private static final Logger log = LoggerFactory.getLogger(ReportOutbox.class);

  private final int limit;
  private final ArrayDeque<Report> pending = new ArrayDeque<>();
  private BatchedWriter out;
  private long droppedSinceAttach;

  ReportOutbox(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("report buffer limit must be >= 1, got " + limit);
    }
    this.limit = limit;
  }

  /** Sends the report now when connected, or keeps it until the next connection. */
  synchronized void send(Report report) {
    if (out != null && out.channel().isActive()) {
      write(out, report);
    } else {
      buffer(report);
    }
  }

  /** A connection was welcomed: send what waited, then send new reports straight to it. */
  synchronized void attach(Channel ch) {
    out = new BatchedWriter(ch);
    if (droppedSinceAttach > 0) {
      log.warn("Dropped {} reports while disconnected (buffer limit {}); the server retries those attempts",
          droppedSinceAttach, limit);
      droppedSinceAttach = 0;
    }
    if (!pending.isEmpty()) {
      log.info("Sending {} reports kept while disconnected", pending.size());
      while (!pending.isEmpty()) {
        write(out, pending.poll());
      }
    }
  }

  /** The connection ended (or is about to): keep reports from now on. */
  synchronized void detach(Channel ch) {
    if (out != null && out.channel() == ch) {
      out = null;
    }
  }

  /** Reports waiting for a connection. */
  synchronized int pendingCount() {
    return pending.size();
  }

  private void buffer(Report report) {
    if (pending.size() >= limit) {
      Report oldest = pending.poll();
      if (droppedSinceAttach++ == 0) {
        log.warn("Report buffer full ({} reports while disconnected): dropping the oldest, first {}", limit, oldest);
      }
    }
    pending.add(report);
  }

  private void write(BatchedWriter to, Report report) {
    to.write(Envelope.of(report)).addListener(f -> {
      if (f.isSuccess()) {
        return;
      }
      if (!to.channel().isActive()) {
        log.debug("Report {} not sent, the connection closed; keeping it for the next one", report);
        send(report);
      } else {
        log.error("Cannot send report {}; dropping it", report, f.cause());
      }
    });
  }
}
