package io.drover.bench.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The window's arithmetic, without Quartz or a database. */
class WindowFiguresTest {

  @Test
  void firesInCountsGridPointsInsideTheHalfOpenWindow() {
    assertThat(FirePlan.firesIn(1000, 1000, 1000, 3000)).isEqualTo(2); // 1000, 2000
    assertThat(FirePlan.firesIn(1500, 1000, 1000, 3000)).isEqualTo(2); // 1500, 2500
    assertThat(FirePlan.firesIn(5000, 1000, 1000, 3000)).isZero(); // starts after the window
    assertThat(FirePlan.firesIn(0, 1000, 1001, 1999)).isZero();
    assertThat(FirePlan.firesIn(0, 1000, 1000, 1001)).isEqualTo(1);
  }

  @Test
  void eachJobKeepsItsPhaseAndFirstFiresAtOrAfterItIsStored() {
    FirePlan plan = new FirePlan(4, 1000, 10_000);
    assertThat(plan.assign(0, 10_000)).isEqualTo(10_000);
    assertThat(plan.assign(1, 10_000)).isEqualTo(10_250);
    assertThat(plan.assign(2, 11_400)).isEqualTo(11_500); // stored later: the next point of its grid
    assertThat(plan.assign(3, 9_000)).isEqualTo(10_750); // never before its phase
    assertThat(plan.lastFirstFire()).isEqualTo(11_500);
    assertThat(plan.firesIn(12_000, 14_000)).isEqualTo(8);
    assertThat(plan.firesIn(10_000, 11_000)).isEqualTo(3); // job 2 begins at 11,500
  }

  @Test
  void aJobWithoutAFirstFireIsAnError() {
    FirePlan plan = new FirePlan(2, 1000, 0);
    plan.assign(0, 0);
    assertThatThrownBy(plan::lastFirstFire).isInstanceOf(IllegalStateException.class).hasMessageContaining("job 1");
  }

  @Test
  void aDuplicateDoesNotHideAMissingFire() {
    FirePlan plan = new FirePlan(2, 1000, 0);
    plan.assign(0, 0); // fires at 1000, 2000 in the window
    plan.assign(1, 0); // 1500, 2500
    FireLog log = new FireLog(10);
    log.window(1000, 3000);
    log.record(0, 0, 1000, 1002, 1005);
    log.record(0, 0, 2000, 2001, 2003);
    log.record(0, 1, 1500, 1510, 1520);
    log.record(0, 1, 1500, 1510, 1530); // a duplicate of job 1's 1500; its 2500 is missing
    log.record(0, 1, 3500, 3501, 3502); // after the window: not kept
    WindowFigures w = WindowFigures.of(plan, 1000, 3000, log.snapshot(), 1, 5);
    assertThat(w.expected()).isEqualTo(4);
    assertThat(w.executed()).isEqualTo(4);
    assertThat(w.missing()).isEqualTo(1);
    assertThat(w.duplicates()).isEqualTo(1);
    assertThat(w.achievedPerSecond()).isEqualTo(2.0);
    assertThat(w.ranPerSecond()).isEqualTo(2.5);
    assertThat(w.startLate().max()).isEqualTo(30);
    assertThat(w.startLate().min()).isEqualTo(3);
    assertThat(w.fireLate().p50()).isEqualTo(2);
    assertThat(log.all()).isEqualTo(5);
  }

  @Test
  void nearestRankPercentiles() {
    long[] v = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
    Percentiles p = Percentiles.of(v, v.length);
    assertThat(p.p50()).isEqualTo(5);
    assertThat(p.p90()).isEqualTo(9);
    assertThat(p.p99()).isEqualTo(10);
    assertThat(p.min()).isEqualTo(1);
    assertThat(Percentiles.of(new long[0], 0).value(0)).isNaN();
  }

  @Test
  void jobNamesCarryTheirIndex() {
    assertThat(NoopJob.jobIndex(NoopJob.name(0))).isZero();
    assertThat(NoopJob.jobIndex(NoopJob.name(9_999))).isEqualTo(9_999);
  }

  @Test
  void theShippedMysqlInnodbScriptSplitsIntoStatements() throws IOException {
    var statements = QuartzDatabase.ddlStatements();
    assertThat(statements).anyMatch(s -> s.startsWith("CREATE TABLE QRTZ_TRIGGERS"))
        .anyMatch(s -> s.startsWith("CREATE TABLE QRTZ_LOCKS"))
        .noneMatch(s -> s.contains("#"))
        .noneMatch(s -> s.equalsIgnoreCase("commit"));
  }
}
