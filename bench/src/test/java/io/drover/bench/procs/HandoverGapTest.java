package io.drover.bench.procs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverGapTest {

  @Test
  void steadyFiresHaveNoGap() {
    assertThat(HandoverGap.of(List.of(0L, 100L, 200L, 301L, 400L), 0, 400, 100).ms()).isEqualTo(1);
  }

  @Test
  void theLongestPauseLessThePeriodIsTheGap() {
    HandoverGap g = HandoverGap.of(List.of(0L, 100L, 200L, 650L, 660L, 700L, 800L), 0, 800, 100);
    assertThat(g.ms()).isEqualTo(350);
    assertThat(g.startedAt()).isEqualTo(200);
  }

  @Test
  void recordingsBeforeTheWindowAreIgnoredAndThePauseClosingItCounts() {
    // 0 -> 5000 lies before the window; 1300 -> 3000 begins inside it and ends after it
    List<Long> t = List.of(-5000L, 1000L, 1100L, 1200L, 1300L, 3000L, 3100L);
    HandoverGap g = HandoverGap.of(t, 1000, 2000, 100);
    assertThat(g.ms()).isEqualTo(1600);
    assertThat(g.startedAt()).isEqualTo(1300);
  }

  @Test
  void fewerThanTwoRecordingsCannotBeMeasured() {
    assertThat(HandoverGap.of(List.of(5L), 0, 10, 100).ms()).isNaN();
  }
}
