package io.drover.scheduler.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {
  @Test
  void idsAreUniqueAndIncreasingWithinAndAcrossMilliseconds() {
    AtomicLong now = new AtomicLong(1_800_000_000_000L);
    IdGenerator g = new IdGenerator(7, now::get);
    Set<Long> seen = new HashSet<>();
    long last = -1;
    for (int i = 0; i < 10_000; i++) { // more than 4096 in one millisecond: borrows the next ones
      long id = g.next();
      assertThat(id).isGreaterThan(last);
      assertThat(seen.add(id)).isTrue();
      last = id;
    }
    now.addAndGet(-5_000); // the wall clock steps back
    assertThat(g.next()).isGreaterThan(last);
  }

  @Test
  void idCarriesItsTimeAndDiffersByNode() {
    IdGenerator a = new IdGenerator(1, () -> 1_800_000_000_000L);
    IdGenerator b = new IdGenerator(2, () -> 1_800_000_000_000L);
    long ia = a.next();
    assertThat(IdGenerator.timestampOf(ia)).isEqualTo(1_800_000_000_000L);
    assertThat(ia).isNotEqualTo(b.next());
  }

  @Test
  void nodeIndexOutOfRangeIsRefused() {
    assertThatThrownBy(() -> new IdGenerator(1024, () -> 0L).next()).isInstanceOf(IllegalStateException.class);
  }
}
