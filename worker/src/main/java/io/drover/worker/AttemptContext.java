package io.drover.worker;

/** The {@link TaskContext} handed to a processor: an immutable view of the DISPATCH being run, and its log. */
record AttemptContext(long instanceId, int attempt, long jobId, String params, String workerId, TaskLog log)
    implements TaskContext {

  AttemptContext {
    params = params == null ? "" : params;
  }
}
