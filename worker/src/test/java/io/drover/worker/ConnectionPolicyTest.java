package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces of connection policy, without I/O: backoff, server rotation, the epoch fence. */
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
}
