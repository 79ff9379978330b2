package io.drover.scheduler.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Values written into statement text as SQL literals, for the hot multi-row statements (every fire and every state
 * change goes through one). The driver's client-side prepared statements send such a text too, but reach it by
 * creating a bind value object per parameter and scanning the text for placeholders: for a 500-row insert, 8,000
 * objects and a copy of the text per statement, which had been a quarter of the server's allocation and a third of
 * the CPU of the threads that write. The database receives the same statement either way.
 *
 * <p>Safe by construction, whatever the SQL mode: numbers are digits; a text made only of letters, digits and
 * {@code _ - . : / @ +} and spaces goes in plain quotes (nothing in it can end them or escape); any other text goes
 * as a hexadecimal literal with its character set ({@code _utf8mb4 X'...'}), which contains only hex digits.
 */
final class SqlLiterals {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private SqlLiterals() {}

  /** A statement for such a text: the driver's scan for JDBC escapes ({@code {fn ...}}) is off, as none are used. */
  static Statement statement(Connection c) throws SQLException {
    Statement st = c.createStatement();
    st.setEscapeProcessing(false);
    return st;
  }

  static StringBuilder number(StringBuilder sql, Long v) {
    return v == null ? sql.append("NULL") : sql.append(v.longValue());
  }

  static StringBuilder number(StringBuilder sql, Integer v) {
    return v == null ? sql.append("NULL") : sql.append(v.intValue());
  }

  /** A text literal, or NULL. */
  static StringBuilder text(StringBuilder sql, String s) {
    if (s == null) {
      return sql.append("NULL");
    }
    if (plain(s)) {
      return sql.append('\'').append(s).append('\'');
    }
    sql.append("_utf8mb4 X'");
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      sql.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
    return sql.append('\'');
  }

  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-' || c == '.' || c == ':' || c == '/' || c == '@' || c == '+' || c == ' ';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
