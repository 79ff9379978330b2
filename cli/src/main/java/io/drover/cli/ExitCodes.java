package io.drover.cli;

/**
 * What {@code droverctl} exits with. Scripts can rely on these; they are listed in the usage and in
 * {@code docs/operations.md}.
 */
final class ExitCodes {
  /** The command did what it was asked. */
  static final int OK = 0;
  /** The server refused the request (400, 409, 500...) or the command failed for another reason. */
  static final int ERROR = 1;
  /** Bad command line or bad local input (unknown option, unreadable or malformed --file). */
  static final int USAGE = 2;
  /** No server, ZooKeeper or database answered, or the server answered 503 (no leader, database down). */
  static final int UNAVAILABLE = 3;
  /** The job, instance, app, token or endpoint does not exist (HTTP 404). */
  static final int NOT_FOUND = 4;
  /** Missing or invalid token (HTTP 401), or a token whose scope does not allow this (HTTP 403). */
  static final int AUTH = 5;

  private ExitCodes() {}

  /** The exit code for an HTTP error status. */
  static int forHttpStatus(int status) {
    return switch (status) {
      case 401, 403 -> AUTH;
      case 404 -> NOT_FOUND;
      case 503 -> UNAVAILABLE;
      default -> ERROR;
    };
  }

  /** The text the usage shows under "Exit codes:". */
  static String[] usageLines() {
    return new String[] {
        OK + ":ok",
        ERROR + ":the server refused the request (HTTP 400, 409, 500) or another error",
        USAGE + ":usage error (bad option or argument, unreadable --file)",
        UNAVAILABLE + ":cannot connect to any server, ZooKeeper or the database, or HTTP 503",
        NOT_FOUND + ":not found (HTTP 404: unknown job, instance, app, token)",
        AUTH + ":authentication or permission error (HTTP 401, 403)"};
  }
}
