package io.drover.worker;

import static io.drover.worker.Fixture.dispatch;
import static io.drover.worker.Fixture.is;
import static io.drover.worker.Fixture.threadsStartingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.protocol.Ack;
import io.drover.protocol.Goodbye;
import io.drover.protocol.Heartbeat;
import io.drover.protocol.LogBatch;
import io.drover.protocol.Report;
import io.drover.protocol.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shutting a worker down lets running attempts finish within a deadline, then says GOODBYE. */
class GracefulShutdownTest {
  private static final Duration WAIT = TestServer.WAIT;
  private final Fixture fixture = new Fixture();

  @AfterEach
  void closeAll() throws Exception {
    fixture.close();
  }

  @Test
  void closeLetsARunningAttemptFinishAndReportsItBeforeGoodbye() {
    TestServer s = fixture.server();
    Worker w = fixture.start(Fixture.worker("w-drain", s.address()).shutdownDeadline(Duration.ofSeconds(20))
        .processor("second", ctx -> {
          Thread.sleep(1_000);
          ctx.log().info("finished my second");
          return Result.ok("slept 1 s");
        }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(101, "second", ""));
    s.expect(Report.class, r -> is(r, 101, TaskStatus.RUNNING));

    w.close();
    assertThat(threadsStartingWith(w.threadNamePrefix())).isEmpty();
    TestServer.Received done = s.expectReceived(Report.class, r -> is(r, 101, TaskStatus.SUCCEEDED));
    TestServer.Received line = s.expectReceived(LogBatch.class, b -> b.lines().stream()
        .anyMatch(l -> l.line().equals("finished my second")));
    TestServer.Received goodbye = s.expectReceived(Goodbye.class, g -> true);
    assertThat(((Goodbye) goodbye.message()).reason()).isEqualTo("shutdown");
    assertThat(s.indexOf(line)).isLessThan(s.indexOf(done));
    assertThat(s.indexOf(done)).isLessThan(s.indexOf(goodbye));
    assertThat(s.find(Report.class, r -> is(r, 101, TaskStatus.FAILED))).isEmpty();
  }

  @Test
  void anAttemptLongerThanTheDeadlineIsInterruptedAndReportedFailed() {
    TestServer s = fixture.server();
    AtomicBoolean interrupted = new AtomicBoolean();
    Worker w = fixture.start(Fixture.worker("w-deadline", s.address()).processor("forever", ctx -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
      return Result.ok("slept");
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(102, "forever", ""));
    s.expect(Report.class, r -> is(r, 102, TaskStatus.RUNNING));

    long start = System.nanoTime();
    w.shutdown(Duration.ofMillis(500));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(8));
    assertThat(interrupted).isTrue();
    assertThat(threadsStartingWith(w.threadNamePrefix())).isEmpty();
    TestServer.Received failed = s.expectReceived(Report.class, r -> is(r, 102, TaskStatus.FAILED));
    assertThat(((Report) failed.message()).result()).isEqualTo("worker shut down before the attempt finished");
    assertThat(s.indexOf(failed)).isLessThan(s.indexOf(s.expectReceived(Goodbye.class, g -> true)));
  }

  @Test
  void whileDrainingDispatchesAreRefusedAndHeartbeatsOfferNoSlot() throws Exception {
    TestServer s = fixture.server();
    CountDownLatch release = new CountDownLatch(1);
    Worker w = fixture.start(Fixture.worker("w-refuse", s.address()).capacity(4).processor("hold", ctx -> {
      release.await();
      return Result.ok("released");
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(103, "hold", ""));
    s.expect(Report.class, r -> is(r, 103, TaskStatus.RUNNING));
    await().atMost(WAIT).until(() -> s.all(Heartbeat.class).stream().anyMatch(h -> h.freeSlots() == 3));

    Thread closer = new Thread(() -> w.shutdown(Duration.ofSeconds(20)), "test-closer");
    closer.start();
    int before = s.all(Heartbeat.class).size();
    await().atMost(WAIT).until(() -> {
      List<Heartbeat> hbs = s.all(Heartbeat.class);
      return hbs.size() > before && hbs.get(hbs.size() - 1).freeSlots() == 0
          && hbs.get(hbs.size() - 1).running().equals(List.of(103L));
    });
    s.send(2, dispatch(104, "hold", ""));
    assertThat(s.expect(Ack.class, a -> a.instanceId() == 104)).isEqualTo(new Ack(104, 1, false,
        "worker shutting down"));
    assertThat(closer.isAlive()).as("still waiting for instance 103").isTrue();

    release.countDown();
    closer.join(WAIT.toMillis());
    assertThat(closer.isAlive()).isFalse();
    TestServer.Received done = s.expectReceived(Report.class, r -> is(r, 103, TaskStatus.SUCCEEDED));
    assertThat(s.indexOf(done)).isLessThan(s.indexOf(s.expectReceived(Goodbye.class, g -> true)));
    assertThat(s.find(Report.class, r -> r.instanceId() == 104)).isEmpty();
    assertThat(threadsStartingWith(w.threadNamePrefix())).isEmpty();
  }
}
