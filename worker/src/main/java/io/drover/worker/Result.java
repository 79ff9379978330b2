package io.drover.worker;

/**
 * The outcome of a {@link Processor}.
 *
 * @param success true reports the attempt SUCCEEDED, false reports it FAILED
 * @param message the result text sent to the server and shown with the instance (may be null)
 */
public record Result(boolean success, String message) {

  /** A successful outcome with the given result text. */
  public static Result ok(String message) {
    return new Result(true, message);
  }

  /** A failed outcome with the given reason. */
  public static Result fail(String message) {
    return new Result(false, message);
  }
}
