package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.Reject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces of connection policy, without I/O: backoff, server rotation, the epoch fence, rejections. */
class ConnectionPolicyTest {

  @Test
  void backoffDoublesToTheMaximumAndResets() {
    Backoff b = new Backoff(100, 1_000);
    assertThat(List.of(b.next(), b.next(), b.next(), b.next(), b.next(), b.next()))
        .containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L);
    b.reset();
    assertThat(b.next()).isEqualTo(100);
  }

  @Test
  void rotationCyclesThroughTheListAndTakesARedirectOnce() {
    ServerAddress a = new ServerAddress("a", 1);
    ServerAddress b = new ServerAddress("b", 2);
    ServerAddress leader = new ServerAddress("leader", 3);
    ServerRotation r = new ServerRotation(List.of(a, b));
    assertThat(r.next()).isEqualTo(a);
    r.redirectTo(leader);
    assertThat(List.of(r.next(), r.next(), r.next(), r.next())).containsExactly(leader, b, a, b);
  }

  @Test
  void epochFenceRefusesLowerEpochsAndRisesWithHigherOnes() {
    EpochFence f = new EpochFence();
    assertThat(f.admit(0)).as("anything goes before the first welcome").isTrue();
    f.observe(5);
    assertThat(f.admit(4)).isFalse();
    assertThat(f.admit(5)).isTrue();
    assertThat(f.admit(7)).isTrue();
    assertThat(f.highest()).isEqualTo(7);
    f.observe(6);
    assertThat(f.highest()).as("a welcome never lowers the fence").isEqualTo(7);
    assertThat(f.admit(6)).isFalse();
  }

  @Test
  void fatalRejectionIsAnErrorAtMostOnceAMinuteAndRetryableOneAWarningOnce() {
    MutableClock clock = new MutableClock();
    RejectionLog r = new RejectionLog(clock);
    Reject auth = new Reject("authentication failed", false);
    Reject noLeader = new Reject("no leader yet", true);

    assertThat(r.levelOf(auth)).isEqualTo(RejectionLog.Level.ERROR);
    assertThat(r.levelOf(auth)).isEqualTo(RejectionLog.Level.DEBUG);
    assertThat(r.levelOf(new Reject("unknown app", false))).as("another reason is news")
        .isEqualTo(RejectionLog.Level.ERROR);
    clock.advance(Duration.ofSeconds(59));
    assertThat(r.levelOf(auth)).isEqualTo(RejectionLog.Level.DEBUG);
    clock.advance(Duration.ofSeconds(1));
    assertThat(r.levelOf(auth)).as("a minute later").isEqualTo(RejectionLog.Level.ERROR);
    assertThat(r.levelOf(auth)).isEqualTo(RejectionLog.Level.DEBUG);

    assertThat(r.levelOf(noLeader)).isEqualTo(RejectionLog.Level.WARN);
    clock.advance(Duration.ofMinutes(5));
    assertThat(r.levelOf(noLeader)).isEqualTo(RejectionLog.Level.DEBUG);

    r.welcomed();
    assertThat(r.levelOf(auth)).as("after a WELCOME").isEqualTo(RejectionLog.Level.ERROR);
    assertThat(r.levelOf(noLeader)).isEqualTo(RejectionLog.Level.WARN);
  }
}
