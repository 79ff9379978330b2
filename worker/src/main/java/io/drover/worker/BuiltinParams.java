package io.drover.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.stream.Collectors;

/** Reads a built-in processor's JSON params into a record; a problem is an exception that says what is wrong. */
final class BuiltinParams {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private BuiltinParams() {}

  /**
   * The params as the given record.
   *
   * @param processor the builtin's name, to start messages with
   * @param example params that work, shown when the params are no JSON object
   * @throws IllegalArgumentException when the params are blank, not JSON, or do not fit the record
   */
  static <T> T read(String processor, String params, Class<T> type, String example) {
    if (params == null || params.isBlank()) {
      throw new IllegalArgumentException(processor + ": params are required, a JSON object like " + example);
    }
    try {
      T value = JSON.readValue(params, type);
      if (value == null) {
        throw new IllegalArgumentException(processor + ": params must be a JSON object like " + example);
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(processor + ": unknown field '" + e.getPropertyName() + "' in params; known: "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")), e);
    } catch (JsonMappingException e) {
      String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
          : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
      throw new IllegalArgumentException(processor + ": bad params" + (field.isEmpty() ? "" : " field '" + field + "'")
          + ": " + e.getOriginalMessage() + " (expected a JSON object like " + example + ")", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(processor + ": params are not valid JSON (" + e.getOriginalMessage()
          + "); expected a JSON object like " + example, e);
    }
  }

  /** An exception's message, or its class name when it has none. */
  static String describe(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
