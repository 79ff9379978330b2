package io.drover.scheduler.api;

/** The error JSON of the contract: {@code {"error":{"code":"...","message":"..."}}}. */
public record ErrorBody(Detail error) {
  public static ErrorBody of(String code, String message) {
    return new ErrorBody(new Detail(code, message));
  }

  /** Code and message of an error. */
  public record Detail(String code, String message) {}
}
