package io.drover.worker;

/** The {@link TaskContext} handed to a processor: an immutable view of the DISPATCH being run. */
record AttemptContext(long instanceId, int attempt, long jobId, String params, String workerId)
    implements TaskContext {

  AttemptContext {
    params = params == null ? "" : params;
  }
}
