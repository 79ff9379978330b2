package io.drover.worker;

import static io.drover.worker.Fixture.dispatch;
import static io.drover.worker.Fixture.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.drover.protocol.Hello;
import io.drover.protocol.LogBatch;
import io.drover.protocol.Report;
import io.drover.protocol.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ctx.log()} lines reach the server over real sockets: in order, in batches, across reconnects. */
class InstanceLogTest {
  private static final Duration WAIT = TestServer.WAIT;
  private final Fixture fixture = new Fixture();

  @AfterEach
  void closeAll() throws Exception {
    fixture.close();
  }

  private static List<LogBatch.Line> linesOf(TestServer s, long instanceId) {
    return s.all(LogBatch.class).stream().flatMap(b -> b.lines().stream())
        .filter(l -> l.instanceId() == instanceId).toList();
  }

  @Test
  void linesArriveInOrderInBatchesAheadOfTheTerminalReport() {
    TestServer s = fixture.server();
    Worker w = fixture.start(Fixture.worker("w-logs", s.address()).processor("chatty", ctx -> {
      for (int i = 0; i < 1_200; i++) {
        ctx.log().info("line {}", i);
      }
      return Result.ok("chatted");
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(71, "chatty", ""));

    TestServer.Received done = s.expectReceived(Report.class, r -> is(r, 71, TaskStatus.SUCCEEDED));
    assertThat(linesOf(s, 71)).extracting(LogBatch.Line::line)
        .containsExactlyElementsOf(IntStream.range(0, 1_200).mapToObj(i -> "line " + i).toList());
    List<LogBatch> batches = s.all(LogBatch.class);
    assertThat(batches.size()).as("in batches").isGreaterThanOrEqualTo(3);
    assertThat(batches).allSatisfy(b -> assertThat(b.lines().size()).isLessThanOrEqualTo(500));
    TestServer.Received lastBatch = s.received.stream().filter(r -> r.message() instanceof LogBatch)
        .reduce((a, b) -> b).orElseThrow();
    assertThat(s.indexOf(lastBatch)).as("every line before the report").isLessThan(s.indexOf(done));
  }

  @Test
  void linesWrittenWhileDisconnectedAreSentAfterTheReconnect() throws Exception {
    TestServer s = fixture.server();
    CountDownLatch disconnected = new CountDownLatch(1);
    Worker w = fixture.start(Fixture.worker("w-logs-reconnect", s.address()).processor("patient", ctx -> {
      ctx.log().info("before");
      disconnected.await();
      ctx.log().warn("during {}", 1);
      ctx.log().warn("during {}", 2);
      return Result.ok("done");
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(72, "patient", ""));
    await().atMost(WAIT).until(() -> linesOf(s, 72).size() == 1);

    s.onHello(h -> null);
    s.dropClients();
    await().atMost(WAIT).until(() -> s.all(Hello.class).size() == 2);
    disconnected.countDown();
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> linesOf(s, 72).size() == 1);

    s.send(1, TestServer.welcome(1));
    TestServer.Received done = s.expectReceived(Report.class, r -> is(r, 72, TaskStatus.SUCCEEDED));
    assertThat(linesOf(s, 72)).extracting(LogBatch.Line::level, LogBatch.Line::line)
        .containsExactly(tuple("INFO", "before"), tuple("WARN", "during 1"), tuple("WARN", "during 2"));
    TestServer.Received during = s.expectReceived(LogBatch.class, b -> b.lines().stream()
        .anyMatch(l -> l.line().equals("during 1")));
    assertThat(during.channel()).as("on the new connection").isSameAs(done.channel());
    assertThat(s.indexOf(during)).isLessThan(s.indexOf(done));
  }

  @Test
  void anOversizedLineIsTruncatedWithAMarker() {
    TestServer s = fixture.server();
    Worker w = fixture.start(Fixture.worker("w-logs-long", s.address()).processor("long", ctx -> {
      ctx.log().info("{}", "x".repeat(20_000));
      ctx.log().info("after");
      return Result.ok("done");
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(73, "long", ""));
    s.expect(Report.class, r -> is(r, 73, TaskStatus.SUCCEEDED));

    List<LogBatch.Line> lines = linesOf(s, 73);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).line().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8 * 1024);
    assertThat(lines.get(0).line()).startsWith("xxxx").endsWith(" ... [truncated, 20000 bytes in all]");
    assertThat(lines.get(1).line()).isEqualTo("after");
  }

  @Test
  void overflowWhileDisconnectedKeepsTheNewestLinesAndSaysHowManyWereDropped() throws Exception {
    TestServer s = fixture.server();
    CountDownLatch disconnected = new CountDownLatch(1);
    Worker w = fixture.start(Fixture.worker("w-logs-overflow", s.address())
        .tuning(Tuning.DEFAULTS.withLogLimits(100, 50, 200, 8 * 1024))
        .processor("flood", ctx -> {
          disconnected.await();
          for (int i = 0; i < 250; i++) {
            ctx.log().info("line {}", i);
          }
          return Result.ok("flooded");
        }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(74, "flood", ""));
    s.expect(Report.class, r -> is(r, 74, TaskStatus.RUNNING));
    s.onHello(h -> null);
    s.dropClients();
    await().atMost(WAIT).until(() -> s.all(Hello.class).size() == 2);
    disconnected.countDown();
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> linesOf(s, 74).isEmpty());

    s.send(1, TestServer.welcome(1));
    s.expect(Report.class, r -> is(r, 74, TaskStatus.SUCCEEDED));
    List<String> lines = linesOf(s, 74).stream().map(LogBatch.Line::line).toList();
    assertThat(lines.get(0)).isEqualTo("150 log lines dropped (the worker's log buffer was full)");
    assertThat(lines.subList(1, lines.size()))
        .containsExactlyElementsOf(IntStream.range(150, 250).mapToObj(i -> "line " + i).toList());
  }
}
