package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.Envelope;
import io.drover.protocol.LogBatch;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Instance log lines without sockets: formatting, truncation, batching, keeping lines across connections. */
class LogBufferTest {
  private final MutableClock clock = new MutableClock();

  private static List<LogBatch> sent(EmbeddedChannel ch) {
    List<LogBatch> batches = new ArrayList<>();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      batches.add((LogBatch) ((Envelope) o).message());
    }
    return batches;
  }

  private static List<String> texts(List<LogBatch> batches) {
    return batches.stream().flatMap(b -> b.lines().stream()).map(LogBatch.Line::line).toList();
  }

  @Test
  void longLinesAreCutAtACharacterBoundaryWithAMarker() {
    assertThat(LogBuffer.truncate("short line", 8192)).isEqualTo("short line");
    String accents = "é".repeat(10_000); // 20,000 bytes
    String cut = LogBuffer.truncate(accents, 8192);
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
    assertThat(cut).endsWith(" ... [truncated, 20000 bytes in all]").startsWith("éééé");
    assertThat(cut.replace(" ... [truncated, 20000 bytes in all]", "")).matches("é+");
    String emoji = "\uD83D\uDE00".repeat(3_000); // 4 bytes each
    assertThat(LogBuffer.truncate(emoji, 200).replaceAll(" \\.\\.\\. \\[truncated.*", "").length() % 2)
        .as("a surrogate pair is never split").isZero();
  }

  @Test
  void placeholdersAreFilledAndATrailingThrowableAddsItsStackTrace() {
    LogBuffer buffer = new LogBuffer(100, 10, 200, 8192, clock);
    InstanceLog log = new InstanceLog(buffer, 9);
    log.info("settling {} orders for {}", 3, "acme");
    log.error("order {} failed", 42, new IllegalStateException("card declined"));
    log.warn("no args {}");
    EmbeddedChannel ch = new EmbeddedChannel();
    buffer.attach(ch);

    List<LogBatch.Line> lines = sent(ch).get(0).lines();
    assertThat(lines).extracting(LogBatch.Line::level).containsExactly("INFO", "ERROR", "WARN");
    assertThat(lines).extracting(LogBatch.Line::instanceId).containsOnly(9L);
    assertThat(lines).extracting(LogBatch.Line::ts).containsOnly(clock.millis());
    assertThat(lines.get(0).line()).isEqualTo("settling 3 orders for acme");
    assertThat(lines.get(1).line())
        .startsWith("order 42 failed\njava.lang.IllegalStateException: card declined\n\tat ");
    assertThat(lines.get(2).line()).isEqualTo("no args {}");
    ch.finishAndReleaseAll();
  }

  @Test
  void framesCarryAtMostABatchAndLinesOfAClosedConnectionWaitForTheNext() {
    LogBuffer buffer = new LogBuffer(100, 3, 200, 8192, clock);
    for (int i = 1; i <= 7; i++) {
      buffer.append(1, "INFO", "line " + i);
    }
    EmbeddedChannel first = new EmbeddedChannel();
    buffer.attach(first);
    List<LogBatch> batches = sent(first);
    assertThat(batches).extracting(b -> b.lines().size()).containsExactly(3, 3, 1);
    assertThat(texts(batches)).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7");
    assertThat(buffer.pendingCount()).as("written lines leave the buffer").isZero();

    first.close();
    buffer.append(1, "INFO", "line 8");
    buffer.flush();
    assertThat(buffer.pendingCount()).as("kept: the write failed").isEqualTo(1);
    buffer.detach(first);
    buffer.append(1, "INFO", "line 9");

    EmbeddedChannel second = new EmbeddedChannel();
    buffer.attach(second);
    assertThat(texts(sent(second))).containsExactly("line 8", "line 9");
    assertThat(buffer.pendingCount()).isZero();
    second.finishAndReleaseAll();
  }

  @Test
  void aFullBatchIsSentWithoutWaitingForTheTimer() {
    LogBuffer buffer = new LogBuffer(100, 3, 60_000, 8192, clock);
    EmbeddedChannel ch = new EmbeddedChannel();
    buffer.attach(ch);
    buffer.append(1, "INFO", "a");
    buffer.append(1, "INFO", "b");
    assertThat(sent(ch)).isEmpty();
    buffer.append(1, "INFO", "c");
    assertThat(texts(sent(ch))).containsExactly("a", "b", "c");
    ch.finishAndReleaseAll();
  }

  @Test
  void overflowDropsTheOldestAndTellsEachInstanceHowMany() {
    LogBuffer buffer = new LogBuffer(5, 10, 200, 8192, clock);
    for (int i = 1; i <= 3; i++) {
      buffer.append(1, "INFO", "one-" + i);
    }
    for (int i = 1; i <= 5; i++) {
      buffer.append(2, "INFO", "two-" + i);
    }
    buffer.append(2, "INFO", "two-6");
    EmbeddedChannel ch = new EmbeddedChannel();
    buffer.attach(ch);

    List<LogBatch.Line> lines = sent(ch).stream().flatMap(b -> b.lines().stream()).toList();
    assertThat(lines.get(0)).isEqualTo(new LogBatch.Line(1, clock.millis(), "WARN",
        "3 log lines dropped (the worker's log buffer was full)"));
    assertThat(lines.get(1)).isEqualTo(new LogBatch.Line(2, clock.millis(), "WARN",
        "1 log lines dropped (the worker's log buffer was full)"));
    assertThat(lines.subList(2, lines.size())).extracting(LogBatch.Line::line)
        .containsExactly("two-2", "two-3", "two-4", "two-5", "two-6");
    ch.finishAndReleaseAll();
  }
}
