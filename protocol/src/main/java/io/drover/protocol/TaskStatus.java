package io.drover.protocol;

/** States a worker reports for an attempt it runs. */
public enum TaskStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  public boolean terminal() {
    return this != RUNNING;
  }
}
