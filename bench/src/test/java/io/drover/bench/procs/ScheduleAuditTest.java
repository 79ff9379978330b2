package io.drover.bench.procs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAuditTest {
  private static final long FIRST = 1_000_000;
  private static final long P = 200;
  private static final long THRESHOLD = 15_000;

  /** Fires at FIRST + k × P for k in [from, to), each recorded {@code late} ms after its fire time. */
  private static List<InstanceTable.Fire> fires(int from, int to, long late) {
    List<InstanceTable.Fire> out = new ArrayList<>();
    for (int k = from; k < to; k++) {
      out.add(new InstanceTable.Fire(FIRST + k * P, FIRST + k * P + late, 1));
    }
    return out;
  }

  private static long at(int k) {
    return FIRST + k * P;
  }

  @Test
  void everyFireRecordedMeansNoMissAndNoDuplicate() {
    ScheduleAudit.Result r = ScheduleAudit.of(fires(0, 50, 3), FIRST, P, THRESHOLD, at(49));
    assertThat(r.recorded()).isEqualTo(50);
    assertThat(r.misses()).isZero();
    assertThat(r.duplicates()).isZero();
    assertThat(r.skippedByPolicy()).isZero();
  }

  @Test
  void firesCaughtUpWithinTheThresholdAreNoMisses() {
    List<InstanceTable.Fire> f = fires(0, 20, 3);
    // a 6 s failover: fires 20..49 recorded together at the takeover, 6 s late at most
    for (int k = 20; k < 50; k++) {
      f.add(new InstanceTable.Fire(at(k), at(50), 2));
    }
    f.addAll(fires(50, 80, 3));
    ScheduleAudit.Result r = ScheduleAudit.of(f, FIRST, P, THRESHOLD, at(79));
    assertThat(r.misses()).isZero();
    assertThat(r.skippedByPolicy()).isZero();
  }

  @Test
  void aMissingFireIsAMissAndListed() {
    List<InstanceTable.Fire> f = fires(0, 10, 3);
    f.addAll(fires(11, 20, 3));
    ScheduleAudit.Result r = ScheduleAudit.of(f, FIRST, P, THRESHOLD, at(19));
    assertThat(r.misses()).isEqualTo(1);
    assertThat(r.missedTimes()).containsExactly(at(10));
  }

  @Test
  void aMisfireOverTheThresholdSkipsToTheFirstFireAfterItsRecording() {
    List<InstanceTable.Fire> f = fires(0, 10, 3);
    long recordedAt = at(10) + 20_050; // fire 10 recorded 20.05 s late: FIRE_ONCE runs it, continues after now
    f.add(new InstanceTable.Fire(at(10), recordedAt, 2));
    int nextK = (int) ((recordedAt - FIRST) / P) + 1; // first fire time after the recording
    f.addAll(fires(nextK, nextK + 10, 3));
    ScheduleAudit.Result r = ScheduleAudit.of(f, FIRST, P, THRESHOLD, at(nextK + 9));
    assertThat(r.misses()).isZero();
    assertThat(r.skippedByPolicy()).isEqualTo(nextK - 11);
    assertThat(ScheduleAudit.nextAfter(at(10), recordedAt, P, THRESHOLD)).isEqualTo(at(nextK));
  }

  @Test
  void aLateFireWhoseNextIsWithinTheThresholdContinuesWithTheNext() {
    // 15.1 s late, but the next fire is only 14.9 s old: FIRE_ONCE keeps it (MisfirePolicy: next > now - threshold)
    assertThat(ScheduleAudit.nextAfter(at(0), at(0) + 15_100, P, THRESHOLD)).isEqualTo(at(1));
    assertThat(ScheduleAudit.nextAfter(at(0), at(0) + 15_000, P, THRESHOLD)).isEqualTo(at(1));
  }

  @Test
  void aFireMissingAfterAMisfireSkipIsStillAMiss() {
    List<InstanceTable.Fire> f = fires(0, 10, 3);
    long recordedAt = at(10) + 20_050;
    f.add(new InstanceTable.Fire(at(10), recordedAt, 2));
    int nextK = (int) ((recordedAt - FIRST) / P) + 1;
    f.addAll(fires(nextK + 1, nextK + 10, 3)); // the fire the policy continued at is not there
    ScheduleAudit.Result r = ScheduleAudit.of(f, FIRST, P, THRESHOLD, at(nextK + 9));
    assertThat(r.misses()).isEqualTo(1);
    assertThat(r.missedTimes()).containsExactly(at(nextK));
  }

  @Test
  void duplicatesAreCountedOncePerExtraInstance() {
    List<InstanceTable.Fire> f = fires(0, 10, 3);
    f.add(5, new InstanceTable.Fire(at(5), at(5) + 7, 2));
    f.add(5, new InstanceTable.Fire(at(5), at(5) + 9, 2));
    ScheduleAudit.Result r = ScheduleAudit.of(f, FIRST, P, THRESHOLD, at(9));
    assertThat(r.duplicates()).isEqualTo(2);
    assertThat(r.recorded()).isEqualTo(10);
    assertThat(r.misses()).isZero();
  }

  @Test
  void firesMissingBeforeTheFirstAndAfterTheLastRecordedOneAreMisses() {
    ScheduleAudit.Result r = ScheduleAudit.of(fires(2, 10, 3), FIRST, P, THRESHOLD, at(12));
    assertThat(r.misses()).isEqualTo(5);
    assertThat(r.missedTimes()).containsExactly(at(0), at(1), at(10), at(11), at(12));
  }

  @Test
  void offGridFiresAreCounted() {
    List<InstanceTable.Fire> f = fires(0, 5, 3);
    f.add(new InstanceTable.Fire(at(5) + 50, at(5) + 53, 1));
    f.addAll(fires(6, 10, 3));
    ScheduleAudit.Result r = ScheduleAudit.of(f, FIRST, P, THRESHOLD, at(9));
    assertThat(r.offGrid()).isEqualTo(1);
    assertThat(r.misses()).isEqualTo(1); // at(5) itself
  }

  @Test
  void resultsAddUp() {
    ScheduleAudit.Result a = ScheduleAudit.of(fires(1, 5, 3), FIRST, P, THRESHOLD, at(4));
    ScheduleAudit.Result b = ScheduleAudit.of(fires(0, 4, 3), FIRST, P, THRESHOLD, at(5));
    ScheduleAudit.Result sum = a.plus(b);
    assertThat(sum.misses()).isEqualTo(3);
    assertThat(sum.recorded()).isEqualTo(8);
    assertThat(sum.missedTimes()).containsExactly(at(0), at(4), at(5));
  }
}
