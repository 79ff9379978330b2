package io.drover.worker;

/**
 * The code a worker runs for one attempt of an instance, registered under a name with
 * {@link Worker.Builder#processor(String, Processor)}.
 *
 * <p>A processor runs on one of the worker's execution threads. When the server stops the attempt, that thread is
 * interrupted: a long-running processor should let {@link InterruptedException} propagate or check
 * {@link Thread#isInterrupted()} and return.
 */
@FunctionalInterface
public interface Processor {

  /**
   * Runs one attempt.
   *
   * @param ctx what is being run: instance, attempt, job and parameters
   * @return the outcome; {@link Result#ok(String)} reports SUCCEEDED, {@link Result#fail(String)} reports FAILED
   * @throws Exception any exception reports the attempt FAILED with the exception's message
   */
  Result process(TaskContext ctx) throws Exception;
}
