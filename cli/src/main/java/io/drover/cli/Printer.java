package io.drover.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Prints results: JSON with {@code --json}, otherwise tables and short lines for a person. */
final class Printer {
  private final CliEnv env;
  private final boolean json;

  Printer(CliEnv env, OutputOptions options) {
    this(env, options != null && options.json);
  }

  Printer(CliEnv env, boolean json) {
    this.env = env;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** A whole result: as JSON with {@code --json} (pretty), otherwise the table. */
  void result(JsonNode value, Table table) {
    if (json) {
      printJson(value, true);
    } else {
      table.print(env.out());
    }
  }

  /** A whole result: as JSON with {@code --json}, otherwise {@code text}. */
  void result(JsonNode value, String text) {
    if (json) {
      printJson(value, true);
    } else {
      env.out().println(text);
    }
  }

  /**
   * One object: as JSON with {@code --json}, otherwise one {@code field  value} line per field, times (fields
   * ending in {@code At}) as ISO-8601.
   */
  void object(JsonNode value) {
    if (json) {
      printJson(value, true);
      return;
    }
    int width = 0;
    for (var it = value.fieldNames(); it.hasNext(); ) {
      width = Math.max(width, it.next().length());
    }
    for (var it = value.fields(); it.hasNext(); ) {
      var field = it.next();
      JsonNode v = field.getValue();
      String text = v.isNull() ? "-" : field.getKey().endsWith("At") && v.isNumber() ? time(v) + " (" + v.asLong()
          + ")" : v.isValueNode() ? v.asText() : v.toString();
      env.out().println(field.getKey() + " ".repeat(width - field.getKey().length() + 2) + text);
    }
  }

  /** One JSON value on one line (a stream of them is NDJSON). */
  void jsonLine(JsonNode value) {
    printJson(value, false);
  }

  void line(String text) {
    env.out().println(text);
  }

  private void printJson(JsonNode value, boolean pretty) {
    try {
      env.out().println(pretty
          ? ApiClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
          : ApiClient.JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON: " + e.getMessage(), e);
    }
  }

  /** Epoch milliseconds as an ISO-8601 UTC time to the second; null or missing prints as null. */
  static String time(JsonNode epochMs) {
    if (epochMs == null || !epochMs.isNumber()) {
      return null;
    }
    return Instant.ofEpochMilli(epochMs.asLong()).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Epoch milliseconds as an ISO-8601 UTC time to the millisecond (log lines). */
  static String preciseTime(JsonNode epochMs) {
    if (epochMs == null || !epochMs.isNumber()) {
      return null;
    }
    return Instant.ofEpochMilli(epochMs.asLong()).toString();
  }

  /** A text field, or null when missing, null or empty. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
