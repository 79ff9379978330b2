package io.drover.bench.procs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverGapTest {

  /** Fires recorded at these times (their fire times do not matter here), all by epoch 1. */
  private static List<InstanceTable.Fire> recordedAt(long... times) {
    return Arrays.stream(times).mapToObj(t -> new InstanceTable.Fire(t, t, 1)).toList();
  }

  @Test
  void steadyFiresHaveNoGap() {
    assertThat(HandoverGap.of(recordedAt(0, 100, 200, 301, 400), 0, 400, 100).ms()).isEqualTo(1);
  }

  @Test
  void theLongestPauseLessThePeriodIsTheGap() {
    HandoverGap g = HandoverGap.of(recordedAt(0, 100, 200, 650, 660, 700, 800), 0, 800, 100);
    assertThat(g.ms()).isEqualTo(350);
    assertThat(g.before().createdAt()).isEqualTo(200);
    assertThat(g.after().createdAt()).isEqualTo(650);
  }

  @Test
  void recordingsBeforeTheWindowAreIgnoredAndThePauseClosingItCounts() {
    // -5000 -> 1000 lies before the window; 1300 -> 3000 begins inside it and ends after it
    HandoverGap g = HandoverGap.of(recordedAt(-5000, 1000, 1100, 1200, 1300, 3000, 3100), 1000, 2000, 100);
    assertThat(g.ms()).isEqualTo(1600);
    assertThat(g.before().createdAt()).isEqualTo(1300);
  }

  @Test
  void fewerThanTwoRecordingsCannotBeMeasured() {
    assertThat(HandoverGap.of(recordedAt(5), 0, 10, 100).ms()).isNaN();
  }
}
