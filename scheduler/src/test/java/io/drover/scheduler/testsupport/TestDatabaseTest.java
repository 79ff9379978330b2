package io.drover.scheduler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

  @Test
  void eachFreshDatabaseIsNewEmptyAndUsable() throws Exception {
    TestDatabase.Db a = TestDatabase.fresh("TestDatabaseTest a/b");
    TestDatabase.Db b = TestDatabase.fresh("TestDatabaseTest a/b");
    assertThat(a.url()).isNotEqualTo(b.url()).matches("jdbc:mysql://.+/t_testdatabasetest_a_b_\\d+_\\w+_\\d+.*");
    try (Connection c = DriverManager.getConnection(a.url(), a.user(), a.password());
         Statement s = c.createStatement()) {
      try (ResultSet tables = s.executeQuery("SHOW TABLES")) {
        assertThat(tables.next()).as("a fresh database has no tables").isFalse();
      }
      s.executeUpdate("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20))");
      s.executeUpdate("INSERT INTO t VALUES (1, 'één')");
      try (ResultSet rs = s.executeQuery("SELECT name FROM t WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("één");
      }
    }
    try (Connection c = DriverManager.getConnection(b.url(), b.user(), b.password());
         Statement s = c.createStatement(); ResultSet tables = s.executeQuery("SHOW TABLES")) {
      assertThat(tables.next()).as("databases are separate").isFalse();
    }
  }

  @Test
  void namesAreValidIdentifiers() {
    assertThat(TestDatabase.databaseName("x".repeat(100) + "-Ä")).matches("[a-z0-9_]{1,64}");
    assertThat(TestDatabase.databaseName(null)).matches("[a-z0-9_]{1,64}");
  }
}
