package io.drover.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Multi-row statements use few distinct row counts, and every row goes in exactly one statement. */
class StatementChunksTest {

  @Test
  void everyCountSplitsIntoFullChunksThenPowersOfTwo() {
    Set<Integer> sizes = new HashSet<>();
    for (int n = 1; n <= 2_000; n++) {
      int covered = 0;
      int statements = 0;
      while (covered < n) {
        int size = StatementChunks.next(n - covered, 500);
        assertThat(size).isPositive().isLessThanOrEqualTo(n - covered);
        sizes.add(size);
        covered += size;
        statements++;
      }
      assertThat(covered).isEqualTo(n);
      assertThat(statements).isLessThanOrEqualTo(n / 500 + 9); // full chunks, then at most one per bit of 0..499
    }
    assertThat(sizes).containsExactlyInAnyOrder(500, 256, 128, 64, 32, 16, 8, 4, 2, 1);
  }

  @Test
  void aCountBelowTheChunkTakesTheLargestPowerOfTwo() {
    assertThat(StatementChunks.next(499, 500)).isEqualTo(256);
    assertThat(StatementChunks.next(500, 500)).isEqualTo(500);
    assertThat(StatementChunks.next(1_234, 500)).isEqualTo(500);
    assertThat(StatementChunks.next(3, 500)).isEqualTo(2);
    assertThatThrownBy(() -> StatementChunks.next(0, 500)).isInstanceOf(IllegalArgumentException.class);
  }
}
