package io.drover.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLiteralsTest {
  /** Texts that would break, or break out of, a quoted literal in one SQL mode or another. */
  private static final List<String> HOSTILE = List.of("it's", "a\\'b", "\\", "'; DROP TABLE t; --", "\"q\"",
      "nul\0byte", "line\nbreak\r\ttab", "ctrl-z \u001a", "é ü ß", "日本語", "emoji 🎉", "%_wild", "`tick`", "");

  private static String literal(String s) {
    return SqlLiterals.text(new StringBuilder(), s).toString();
  }

  @Test
  void plainTextsAreQuotedAndAnyOtherIsHexOnly() {
    assertThat(literal("S:1767312000000")).isEqualTo("'S:1767312000000'");
    assertThat(literal("worker-1.example.com")).isEqualTo("'worker-1.example.com'");
    assertThat(literal("")).isEqualTo("''");
    assertThat(literal(null)).isEqualTo("NULL");
    assertThat(literal("it's")).isEqualTo("_utf8mb4 X'69742773'");
    for (String s : HOSTILE) {
      if (!s.isEmpty()) {
        assertThat(literal(s)).as(s).matches("_utf8mb4 X'[0-9A-F]+'");
      }
    }
    assertThat(SqlLiterals.number(new StringBuilder(), (Long) null)).hasToString("NULL");
    assertThat(SqlLiterals.number(new StringBuilder(), -42L)).hasToString("-42");
    assertThat(SqlLiterals.number(new StringBuilder(), (Integer) 7)).hasToString("7");
  }

  @Test
  void everyTextComesBackAsWrittenWhateverTheSqlMode() throws Exception {
    TestDatabase.Db db = TestDatabase.fresh("literals");
    try (Connection c = DriverManager.getConnection(Database.withDefaults(db.url()), db.user(), db.password());
         Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE t (mode INT, id INT, s TEXT) DEFAULT CHARSET = utf8mb4");
      String[] modes = {"", "NO_BACKSLASH_ESCAPES", "ANSI_QUOTES,NO_BACKSLASH_ESCAPES", "ANSI"};
      for (int m = 0; m < modes.length; m++) {
        st.execute("SET SESSION sql_mode = '" + modes[m] + "'");
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 0; i < HOSTILE.size(); i++) {
          SqlLiterals.text(sql.append(i == 0 ? "(" : ", (").append(m).append(", ").append(i).append(", "),
              HOSTILE.get(i)).append(')');
        }
        try (Statement literal = SqlLiterals.statement(c)) {
          assertThat(literal.executeUpdate(sql.toString())).isEqualTo(HOSTILE.size());
        }
      }
      st.execute("SET SESSION sql_mode = DEFAULT");
      for (int m = 0; m < modes.length; m++) {
        List<String> back = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT s FROM t WHERE mode = " + m + " ORDER BY id")) {
          while (rs.next()) {
            back.add(rs.getString(1));
          }
        }
        assertThat(back).as("sql_mode '%s'", modes[m]).isEqualTo(HOSTILE);
      }
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("the table survived the DROP attempt").isEqualTo(4 * HOSTILE.size());
      }
    }
  }
}
