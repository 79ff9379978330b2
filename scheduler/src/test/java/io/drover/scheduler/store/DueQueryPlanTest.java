package io.drover.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The trigger loop's reads are index range scans, so their cost follows what is due or edited. */
class DueQueryPlanTest {

  @Test
  void windowAndEditedReadsAreRangeScans() throws Exception {
    TestDatabase.Db tdb = TestDatabase.fresh("plan");
    try (Database db = Database.open(tdb.url(), tdb.user(), tdb.password(), 2);
         Connection c = DriverManager.getConnection(tdb.url(), tdb.user(), tdb.password());
         Statement s = c.createStatement()) {
      long appId = new AppStore(db).create("plan", "plan-secret", 1).id();
      StringBuilder sql = new StringBuilder("INSERT INTO job (app_id, name, schedule_type, schedule_expr, processor,"
          + " enabled, next_fire_at, created_at, updated_at) VALUES ");
      for (int k = 0; k < 2000; k++) {
        sql.append(k == 0 ? "" : ",").append("(").append(appId).append(",'j").append(k)
            .append("','FIXED_RATE','1000','echo',1,").append(1_000_000L + k * 1000L).append(",1,")
            .append(k % 400 == 0 ? 500 : 1).append(")");
      }
      s.executeUpdate(sql.toString());
      s.execute("ANALYZE TABLE job");
      String select = JobMapper.SELECT.replace("#{", "").replace("}", "");
      assertRangeScan(s, select + "WHERE j.app_id = " + appId + " AND j.enabled = 1 AND j.next_fire_at <= 1005000"
          + " AND (j.next_fire_at > 1002000 OR (j.next_fire_at = 1002000 AND j.id > 9223372036854775807))"
          + " ORDER BY j.next_fire_at, j.id LIMIT 5000", "idx_job_due");
      assertRangeScan(s, select + "WHERE j.app_id = " + appId + " AND j.updated_at >= 100 AND j.enabled = 1"
          + " AND j.next_fire_at <= 3000000 LIMIT 5000", "idx_job_edited");
    }
  }

  private static void assertRangeScan(Statement s, String query, String index) throws Exception {
    try (ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
      boolean found = false;
      while (rs.next()) {
        if ("j".equals(rs.getString("table"))) {
          found = true;
          assertThat(rs.getString("key")).as(query).isEqualTo(index);
          assertThat(rs.getString("type")).isEqualTo("range");
          assertThat(rs.getLong("rows")).isLessThan(100);
        }
      }
      assertThat(found).isTrue();
    }
  }
}
