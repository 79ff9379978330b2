package io.drover.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Builds API paths: encoded segments and query strings that leave out unset parameters. */
final class Paths {
  private Paths() {}

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query string ({@code ?a=1&b=x}) of the non-null values, or "" when there are none. */
  static String query(Map<String, ?> params) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null && !v.toString().isBlank()) {
        q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
      }
    });
    return q.toString();
  }

  /** A small ordered map for {@link #query}; values may be null. */
  static Map<String, Object> params(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
