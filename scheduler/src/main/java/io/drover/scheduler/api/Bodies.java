package io.drover.scheduler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;

/** Reads request bodies and path/query values with clear 400s. */
final class Bodies {
  private Bodies() {}

  static <T> T read(Context ctx, ObjectMapper json, Class<T> type) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw ApiException.badRequest("a JSON body is required");
    }
    try {
      T value = json.readValue(body, type);
      if (value == null) {
        throw ApiException.badRequest("a JSON object is required");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest("unknown field \"" + e.getPropertyName() + "\"");
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON: " + firstLine(e.getMessage()));
    }
  }

  static long pathId(Context ctx, String name) {
    String v = ctx.pathParam(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a number, got \"" + v + "\"");
    }
  }

  static Long queryLong(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("query parameter " + name + " must be a number, got \"" + v + "\"");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
