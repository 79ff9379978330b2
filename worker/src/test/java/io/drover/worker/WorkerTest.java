package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.protocol.Ack;
import io.drover.protocol.Dispatch;
import io.drover.protocol.Goodbye;
import io.drover.protocol.Heartbeat;
import io.drover.protocol.Hello;
import io.drover.protocol.Redirect;
import io.drover.protocol.Reject;
import io.drover.protocol.Report;
import io.drover.protocol.Stop;
import io.drover.protocol.TaskStatus;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker against a fake server on real loopback sockets: handshake, dispatch, faults, reconnection, close. */
class WorkerTest {
  private static final Duration WAIT = TestServer.WAIT;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  @AfterEach
  void closeAll() throws Exception {
    while (!started.isEmpty()) {
      started.pop().close();
    }
  }

  private TestServer server() {
    TestServer s = new TestServer();
    started.push(s);
    return s;
  }

  private Worker start(Worker.Builder b) {
    Worker w = b.start();
    started.push(w);
    return w;
  }

  private static Worker.Builder worker(String id, String servers) {
    return Worker.builder().app("orders").workerId(id).servers(servers).shutdownDeadline(Duration.ZERO)
        .processor("echo", ctx -> Result.ok(ctx.params()));
  }

  private static Dispatch dispatch(long instanceId, long epoch, String processor, String params) {
    return new Dispatch(instanceId, 1, epoch, 7, processor, params, 0);
  }

  private static boolean is(Report r, long instanceId, TaskStatus status) {
    return r.instanceId() == instanceId && r.status() == status;
  }

  private static List<String> threadsStartingWith(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith(prefix)).toList();
  }

  private static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void helloCarriesIdentityAndHeartbeatsFollowTheWelcome() {
    TestServer s = server();
    Worker w = start(worker("w-hello", s.address()).labels("zone=a,gpu=true").capacity(3));

    Hello hello = s.expect(Hello.class);
    assertThat(hello.app()).isEqualTo("orders");
    assertThat(hello.workerId()).isEqualTo("w-hello").isEqualTo(w.id());
    assertThat(hello.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "a", "gpu", "true"));
    assertThat(hello.capacity()).isEqualTo(3);
    assertThat(hello.address()).isNotBlank();
    assertThat(hello.running()).isEmpty();
    assertThat(hello.proof()).isNull();

    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(w.connectedServer()).contains(s.address());
    await().atMost(WAIT).until(() -> s.all(Heartbeat.class).size() >= 2);
    Heartbeat hb = s.all(Heartbeat.class).get(0);
    assertThat(hb.capacity()).isEqualTo(3);
    assertThat(hb.freeSlots()).isEqualTo(3);
    assertThat(hb.load()).isZero();
    assertThat(hb.running()).isEmpty();
  }

  @Test
  void defaultWorkerIdIsHostPidAndRandomHex() {
    TestServer s = server();
    Worker w = start(Worker.builder().app("orders").servers(s.address()));
    assertThat(w.id()).matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-f]{4}");
    assertThat(s.expect(Hello.class).workerId()).isEqualTo(w.id());
  }

  @Test
  void anAttemptStillRunningAfterTheDelayReportsRunningWithItsStart() {
    TestServer s = server();
    CountDownLatch release = new CountDownLatch(1);
    Worker w = start(worker("w-slow", s.address()).runningReportDelay(Duration.ofMillis(50)).processor("hold",
        ctx -> {
          release.await();
          return Result.ok("held");
        }));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    s.send(1, dispatch(13, 1, "hold", ""));
    TestServer.Received ack = s.expectReceived(Ack.class, a -> a.instanceId() == 13);
    TestServer.Received running = s.expectReceived(Report.class, r -> is(r, 13, TaskStatus.RUNNING));
    Report r = (Report) running.message();
    assertThat(r.startedAt()).isPositive();
    assertThat(r.ranForMs()).as("sent once the attempt had run for the delay").isGreaterThanOrEqualTo(50);
    release.countDown();
    TestServer.Received done = s.expectReceived(Report.class, x -> is(x, 13, TaskStatus.SUCCEEDED));
    assertThat(((Report) done.message()).startedAt()).isEqualTo(r.startedAt());
    assertThat(s.indexOf(ack)).isLessThan(s.indexOf(running));
    assertThat(s.indexOf(running)).isLessThan(s.indexOf(done));
    assertThat(s.all(Report.class).stream().filter(x -> x.instanceId() == 13)).hasSize(2);
  }

  @Test
  void withNoDelayEveryAttemptReportsRunningFirst() {
    TestServer s = server();
    Worker w = start(worker("w-nodelay", s.address()).runningReportDelay(Duration.ZERO));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    s.send(1, dispatch(14, 1, "echo", "quick"));
    TestServer.Received running = s.expectReceived(Report.class, r -> is(r, 14, TaskStatus.RUNNING));
    TestServer.Received done = s.expectReceived(Report.class, r -> is(r, 14, TaskStatus.SUCCEEDED));
    assertThat(s.indexOf(running)).isLessThan(s.indexOf(done));
    assertThat(((Report) running.message()).startedAt()).isEqualTo(((Report) done.message()).startedAt())
        .isPositive();
  }

  @Test
  void aRunningReportDelayOutOfRangeIsRefused() {
    assertThatThrownBy(() -> Worker.builder().runningReportDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..10 s");
    assertThatThrownBy(() -> Worker.builder().runningReportDelay(Duration.ofSeconds(11)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Worker.builder().runningReportDelay(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aQuickAttemptIsAckedThenSucceedsWithItsStartAndNoRunningReport() {
    TestServer s = server();
    Worker w = start(worker("w-run", s.address())
        .processor("describe", ctx -> Result.ok(ctx.instanceId() + "/" + ctx.attempt() + "/" + ctx.jobId() + "/"
            + ctx.workerId() + "/[" + ctx.params() + "]")));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    long before = System.currentTimeMillis();
    s.send(42, new Dispatch(11, 2, 1, 7, "describe", "p=1", 0));
    TestServer.Received ack = s.expectReceived(Ack.class, a -> a.instanceId() == 11);
    assertThat(ack.envelope().requestId()).as("the ACK answers the DISPATCH's request id").isEqualTo(42);
    assertThat((Ack) ack.message()).isEqualTo(new Ack(11, 2, true, null));
    TestServer.Received done = s.expectReceived(Report.class, r -> is(r, 11, TaskStatus.SUCCEEDED));
    assertThat(s.indexOf(ack)).isLessThan(s.indexOf(done));
    Report report = (Report) done.message();
    assertThat(report.result()).isEqualTo("11/2/7/w-run/[p=1]");
    assertThat(report.attempt()).isEqualTo(2);
    assertThat(report.at()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    assertThat(report.startedAt()).as("the outcome carries the start").isBetween(before, report.at());
    assertThat(done.envelope().requestId()).isZero();
    await().during(Duration.ofMillis(200)).atMost(WAIT)
        .until(() -> s.find(Report.class, r -> is(r, 11, TaskStatus.RUNNING)).isEmpty());

    s.send(43, new Dispatch(12, 1, 1, 7, "describe", null, 0));
    assertThat(s.expect(Report.class, r -> is(r, 12, TaskStatus.SUCCEEDED)).result())
        .as("absent params reach the processor as an empty string").isEqualTo("12/1/7/w-run/[]");
  }

  @Test
  void failuresAreReportedWithAClearReason() {
    TestServer s = server();
    Worker w = start(worker("w-fail", s.address())
        .processor("boom", ctx -> {
          throw new IllegalStateException("card declined for order 42");
        })
        .processor("silent", ctx -> {
          throw new UnsupportedOperationException();
        })
        .processor("refuse", ctx -> Result.fail("insufficient funds")));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    s.send(1, dispatch(1, 1, "boom", ""));
    s.send(2, dispatch(2, 1, "silent", ""));
    s.send(3, dispatch(3, 1, "refuse", ""));
    s.send(4, dispatch(4, 1, "nope", ""));

    assertThat(s.expect(Report.class, r -> is(r, 1, TaskStatus.FAILED)).result())
        .isEqualTo("card declined for order 42");
    assertThat(s.expect(Report.class, r -> is(r, 2, TaskStatus.FAILED)).result())
        .isEqualTo("java.lang.UnsupportedOperationException");
    assertThat(s.expect(Report.class, r -> is(r, 3, TaskStatus.FAILED)).result()).isEqualTo("insufficient funds");
    assertThat(s.expect(Ack.class, a -> a.instanceId() == 4).accepted()).isTrue();
    assertThat(s.expect(Report.class, r -> is(r, 4, TaskStatus.FAILED)).result())
        .isEqualTo("unknown processor 'nope' on worker w-fail; known: [boom, echo, refuse, silent]");
    assertThat(s.find(Report.class, r -> is(r, 4, TaskStatus.RUNNING))).isEmpty();
  }

  @Test
  void staleEpochIsRefusedAndNeverRuns() {
    TestServer s = server();
    s.onHello(h -> TestServer.welcome(5));
    AtomicInteger runs = new AtomicInteger();
    Worker w = start(worker("w-epoch", s.address())
        .processor("count", ctx -> Result.ok("run " + runs.incrementAndGet())));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    s.send(1, dispatch(1, 4, "count", ""));
    assertThat(s.expect(Ack.class, a -> a.instanceId() == 1)).isEqualTo(new Ack(1, 1, false, "stale epoch 4 < 5"));

    s.send(2, dispatch(2, 6, "count", ""));
    assertThat(s.expect(Report.class, r -> is(r, 2, TaskStatus.SUCCEEDED)).result()).isEqualTo("run 1");
    s.send(3, dispatch(3, 5, "count", ""));
    assertThat(s.expect(Ack.class, a -> a.instanceId() == 3))
        .as("a dispatch with a higher epoch raises the fence").isEqualTo(new Ack(3, 1, false, "stale epoch 5 < 6"));

    s.send(4, dispatch(4, 6, "count", ""));
    assertThat(s.expect(Report.class, r -> is(r, 4, TaskStatus.SUCCEEDED)).result()).isEqualTo("run 2");
    assertThat(runs).as("the refused dispatches never ran").hasValue(2);
    assertThat(s.find(Report.class, r -> r.instanceId() == 1 || r.instanceId() == 3)).isEmpty();
  }

  @Test
  void redirectLeadsToTheLeader() {
    TestServer leader = server();
    TestServer follower = server();
    follower.onHello(h -> new Redirect("127.0.0.1", leader.port(), "leader-1"));
    Worker w = start(worker("w-redirect", follower.address()));

    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(w.connectedServer()).contains(leader.address());
    assertThat(follower.all(Hello.class)).hasSize(1);
    assertThat(leader.expect(Hello.class).workerId()).isEqualTo("w-redirect");
  }

  @Test
  void redirectLoopIsCutAndTheNextServerTried() {
    TestServer looping = server();
    TestServer good = server();
    looping.onHello(h -> new Redirect("127.0.0.1", looping.port(), "itself"));
    Worker w = start(worker("w-loop", looping.address() + "," + good.address()));

    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(w.connectedServer()).contains(good.address());
    assertThat(looping.all(Hello.class)).as("the first HELLO and 5 redirects followed").hasSize(6);
  }

  @Test
  void unreachableServerIsSkipped() throws Exception {
    TestServer s = server();
    Worker w = start(worker("w-skip", "127.0.0.1:" + deadPort() + "," + s.address()));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(w.connectedServer()).contains(s.address());
  }

  @Test
  void serverThatNeverAnswersHelloIsLeftAfterTheHandshakeTimeout() {
    TestServer s = server();
    s.onHello(h -> s.all(Hello.class).size() == 1 ? null : TestServer.welcome(1));
    Worker w = start(worker("w-mute", s.address()).tuning(Tuning.DEFAULTS.withHandshakeTimeoutMs(300)));

    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(s.all(Hello.class)).hasSize(2);
    assertThat(s.connections()).isEqualTo(2);
  }

  @Test
  void retryableRejectIsRetriedUntilWelcomed() {
    TestServer s = server();
    AtomicInteger hellos = new AtomicInteger();
    s.onHello(h -> hellos.incrementAndGet() == 1 ? new Reject("no leader for app orders yet", true)
        : TestServer.welcome(1));
    Worker w = start(worker("w-reject", s.address()));

    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(s.all(Hello.class)).hasSize(2);
    assertThat(s.connections()).as("the rejected connection was closed, a new one opened").isEqualTo(2);
  }

  @Test
  void reportFinishedWhileDisconnectedArrivesAfterReconnect() throws Exception {
    TestServer s = server();
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean returned = new AtomicBoolean();
    Worker w = start(worker("w-reconnect", s.address()).processor("hold", ctx -> {
      release.await();
      returned.set(true);
      return Result.ok("held " + ctx.params());
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(21, 1, "hold", "x"));
    TestServer.Received running = s.expectReceived(Report.class, r -> is(r, 21, TaskStatus.RUNNING));

    s.onHello(h -> null); // the next connection stays unwelcomed until the test says so
    s.dropClients();
    await().atMost(WAIT).until(() -> s.all(Hello.class).size() == 2);
    assertThat(s.all(Hello.class).get(1).running()).as("HELLO lists what still runs").containsExactly(21L);
    assertThat(w.connectedServer()).isEmpty();

    release.countDown();
    await().atMost(WAIT).untilTrue(returned);
    await().during(Duration.ofMillis(300)).atMost(WAIT)
        .until(() -> s.find(Report.class, r -> is(r, 21, TaskStatus.SUCCEEDED)).isEmpty());

    s.send(1, TestServer.welcome(1));
    TestServer.Received done = s.expectReceived(Report.class, r -> is(r, 21, TaskStatus.SUCCEEDED));
    assertThat(((Report) done.message()).result()).isEqualTo("held x");
    assertThat(done.channel()).as("sent on the new connection").isNotSameAs(running.channel());
    assertThat(w.awaitConnected(WAIT)).isTrue();
  }

  @Test
  void stopInterruptsASleepingProcessorWhichReportsCanceled() {
    TestServer s = server();
    Worker w = start(worker("w-stop", s.address()).capacity(2).processor("sleep", ctx -> {
      Thread.sleep(60_000);
      return Result.ok("slept");
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(31, 1, "sleep", ""));
    s.expect(Report.class, r -> is(r, 31, TaskStatus.RUNNING));

    s.send(new Stop(31, 1, "stopped by the operator"));
    assertThat(s.expect(Report.class, r -> is(r, 31, TaskStatus.CANCELED)).result())
        .isEqualTo("stopped by the operator");
    assertThat(s.find(Report.class, r -> is(r, 31, TaskStatus.SUCCEEDED))).isEmpty();
    int before = s.all(Heartbeat.class).size();
    await().atMost(WAIT).until(() -> s.all(Heartbeat.class).size() > before
        && s.all(Heartbeat.class).get(s.all(Heartbeat.class).size() - 1).freeSlots() == 2);
  }

  @Test
  void fullCapacityRefusesWithNoFreeSlot() {
    TestServer s = server();
    CountDownLatch release = new CountDownLatch(1);
    Worker w = start(worker("w-full", s.address()).capacity(1).processor("hold", ctx -> {
      release.await();
      return Result.ok("released");
    }));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    s.send(1, dispatch(41, 1, "hold", ""));
    s.expect(Report.class, r -> is(r, 41, TaskStatus.RUNNING));
    s.send(2, dispatch(42, 1, "hold", ""));
    assertThat(s.expect(Ack.class, a -> a.instanceId() == 42)).isEqualTo(new Ack(42, 1, false, "no free slot"));
    await().atMost(WAIT).until(() -> s.all(Heartbeat.class).stream().anyMatch(h -> h.freeSlots() == 0
        && h.load() == 1.0 && h.running().equals(List.of(41L))));

    release.countDown();
    s.expect(Report.class, r -> is(r, 41, TaskStatus.SUCCEEDED));
    s.send(3, dispatch(43, 1, "hold", ""));
    assertThat(s.expect(Ack.class, a -> a.instanceId() == 43).accepted()).as("the slot was freed").isTrue();
    s.expect(Report.class, r -> is(r, 43, TaskStatus.SUCCEEDED));
    assertThat(s.find(Report.class, r -> r.instanceId() == 42)).isEmpty();
  }

  @Test
  void malformedInputClosesTheConnectionAndTheWorkerReconnects() {
    TestServer s = server();
    Worker w = start(worker("w-garbage", s.address()));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    byte[] garbage = new byte[512];
    new Random(7).nextBytes(garbage);
    garbage[0] = 0x00; // never the frame magic
    s.sendRaw(garbage);

    await().atMost(WAIT).until(() -> s.all(Hello.class).size() == 2);
    assertThat(s.connections()).isEqualTo(2);
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(51, 1, "echo", "still alive"));
    assertThat(s.expect(Report.class, r -> is(r, 51, TaskStatus.SUCCEEDED)).result()).isEqualTo("still alive");
  }

  @Test
  void closeWithZeroDeadlineSaysGoodbyeFailsRunningWorkAndLeavesNoThreads() {
    TestServer s = server();
    Worker w = worker("w-close", s.address()).processor("sleep", ctx -> {
      Thread.sleep(60_000);
      return Result.ok("slept");
    }).start();
    String prefix = w.threadNamePrefix();
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(61, 1, "sleep", ""));
    s.expect(Report.class, r -> is(r, 61, TaskStatus.RUNNING));
    assertThat(threadsStartingWith(prefix)).as("io, exec, and the helper that sends RUNNING reports").hasSize(3);

    w.close();
    assertThat(threadsStartingWith(prefix)).isEmpty();
    assertThat(w.connectedServer()).isEmpty();
    assertThat(w.awaitConnected(Duration.ofMillis(10))).isFalse();
    w.close(); // idempotent

    TestServer.Received failed = s.expectReceived(Report.class, r -> is(r, 61, TaskStatus.FAILED));
    assertThat(((Report) failed.message()).result()).isEqualTo("worker shut down before the attempt finished");
    TestServer.Received goodbye = s.expectReceived(Goodbye.class, g -> true);
    assertThat(((Goodbye) goodbye.message()).reason()).isEqualTo("shutdown");
    assertThat(s.indexOf(failed)).isLessThan(s.indexOf(goodbye));
    await().atMost(WAIT).until(() -> !s.latest().isActive());
  }

  @Test
  void closeWhileStillTryingToConnectLeavesNoThreads() throws Exception {
    Worker w = worker("w-never", "127.0.0.1:" + deadPort()).start();
    assertThat(w.awaitConnected(Duration.ofMillis(300))).isFalse();
    w.close();
    assertThat(threadsStartingWith(w.threadNamePrefix())).isEmpty();
  }
}
