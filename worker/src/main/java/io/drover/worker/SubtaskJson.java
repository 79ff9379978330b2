package io.drover.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Subtasks as JSON: how {@code ctx.map} writes them and {@code ctx.subtask(type)} reads them back. */
final class SubtaskJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private SubtaskJson() {}

  static String write(Object subtask, String name) {
    try {
      return MAPPER.writeValueAsString(subtask);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("subtask of '" + name + "' cannot be written as JSON ("
          + (subtask == null ? "null" : subtask.getClass().getName()) + "): " + e.getOriginalMessage(), e);
    }
  }

  static <T> T read(String json, Class<T> type, String name) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("subtask of '" + name + "' cannot be read as " + type.getName() + ": "
          + e.getOriginalMessage(), e);
    }
  }
}
