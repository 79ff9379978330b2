package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.Envelope;
import io.drover.protocol.Report;
import io.drover.protocol.TaskStatus;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports go straight out when attached, wait in order when not, and the oldest are dropped past the limit. */
class ReportOutboxTest {

  private static Report report(long instanceId) {
    return new Report(instanceId, 1, TaskStatus.SUCCEEDED, "r" + instanceId, 0);
  }

  /** What reached the connection: the outbox flushes in a task on the channel's event loop, run here first. */
  private static List<Long> sent(EmbeddedChannel ch) {
    ch.runPendingTasks();
    List<Long> ids = new ArrayList<>();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      ids.add(((Report) ((Envelope) o).message()).instanceId());
    }
    return ids;
  }

  @Test
  void sendsAtOnceWhenAttachedAndKeepsInOrderWhenNot() {
    ReportOutbox outbox = new ReportOutbox(10);
    outbox.send(report(1));
    outbox.send(report(2));
    assertThat(outbox.pendingCount()).isEqualTo(2);

    EmbeddedChannel ch = new EmbeddedChannel();
    outbox.attach(ch);
    outbox.send(report(3));
    assertThat(sent(ch)).containsExactly(1L, 2L, 3L);
    assertThat(outbox.pendingCount()).isZero();

    outbox.detach(ch);
    outbox.send(report(4));
    assertThat(sent(ch)).isEmpty();
    assertThat(outbox.pendingCount()).isEqualTo(1);
    ch.finishAndReleaseAll();
  }

  @Test
  void dropsTheOldestBeyondTheLimit() {
    ReportOutbox outbox = new ReportOutbox(3);
    for (long i = 1; i <= 5; i++) {
      outbox.send(report(i));
    }
    EmbeddedChannel ch = new EmbeddedChannel();
    outbox.attach(ch);
    assertThat(sent(ch)).containsExactly(3L, 4L, 5L);
    ch.finishAndReleaseAll();
  }

  @Test
  void keepsReportsSentToAClosedConnection() {
    ReportOutbox outbox = new ReportOutbox(10);
    EmbeddedChannel ch = new EmbeddedChannel();
    outbox.attach(ch);
    ch.close();
    outbox.send(report(1));
    assertThat(outbox.pendingCount()).as("kept for the next connection").isEqualTo(1);

    EmbeddedChannel next = new EmbeddedChannel();
    outbox.attach(next);
    assertThat(sent(next)).containsExactly(1L);
    next.finishAndReleaseAll();
  }
}
