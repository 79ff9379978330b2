package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failure the user must see, with the exit code it ends the command with. {@code body} is the server's error
 * JSON when there is one (printed as is with {@code --json}).
 */
final class CliException extends RuntimeException {
  private final int exitCode;
  private final JsonNode body;

  CliException(int exitCode, String message) {
    this(exitCode, message, null, null);
  }

  CliException(int exitCode, String message, Throwable cause) {
    this(exitCode, message, null, cause);
  }

  CliException(int exitCode, String message, JsonNode body, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.body = body;
  }

  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  static CliException notFound(String message) {
    return new CliException(ExitCodes.NOT_FOUND, message);
  }

  static CliException unavailable(String message, Throwable cause) {
    return new CliException(ExitCodes.UNAVAILABLE, message, cause);
  }

  int exitCode() {
    return exitCode;
  }

  /** The server's error JSON, or null. */
  JsonNode body() {
    return body;
  }
}
