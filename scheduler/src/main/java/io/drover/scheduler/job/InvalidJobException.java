package io.drover.scheduler.job;

/** A job definition that cannot be accepted; the message says which field and why. */
public final class InvalidJobException extends RuntimeException {
  public InvalidJobException(String message) {
    super(message);
  }
}
