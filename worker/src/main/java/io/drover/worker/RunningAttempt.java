package io.drover.worker;

import io.drover.protocol.Report;
import io.drover.protocol.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted attempt on its way through a processor: notes its start when a thread picks it up (the runner
 * decides when it reports RUNNING), runs the processor, and hands the outcome to the runner. A stop (from the
 * server, or the worker closing) interrupts the thread running it and decides the outcome, whatever the processor
 * returns afterwards.
 */
final class RunningAttempt implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RunningAttempt.class);

  /** How an attempt ended: the status and result text to report. */
  record Outcome(TaskStatus status, String result) {}

  private final AttemptRunner runner;
  private final AttemptContext context;
  private final String processorName;
  private final Processor processor;
  private final String task;
  private Thread thread;
  private Outcome stopped;
  private volatile long startedAt;
  private boolean runningReportSettled;

  RunningAttempt(AttemptRunner runner, AttemptContext context, String processorName, Processor processor,
                 String task) {
    this.runner = runner;
    this.context = context;
    this.processorName = processorName;
    this.processor = processor;
    this.task = task;
  }

  /** The task of the attempt this runs, as its DISPATCH named it; null for the whole attempt. */
  String task() {
    return task;
  }

  long instanceId() {
    return context.instanceId();
  }

  int attempt() {
    return context.attempt();
  }

  /** A report of this attempt, with its start time (0 if it never started). */
  Report report(TaskStatus status, String result) {
    return new Report(context.instanceId(), context.attempt(), status, result, System.currentTimeMillis(), task,
        startedAt);
  }

  Report runningReport() {
    return report(TaskStatus.RUNNING, null);
  }

  /** When the processor started (epoch ms), or 0 before that. */
  long startedAt() {
    return startedAt;
  }

  /**
   * True for the first caller only: whoever comes first, the RUNNING report (the attempt still runs) or the outcome
   * (it ended, so RUNNING is no longer worth a frame), settles whether RUNNING is sent.
   */
  synchronized boolean claimRunningReport() {
    if (runningReportSettled) {
      return false;
    }
    runningReportSettled = true;
    return true;
  }

  /**
   * Ends the attempt with the given outcome: interrupts its thread if it runs, or keeps it from starting.
   * The first stop wins; later ones are ignored.
   */
  synchronized void stop(Outcome outcome) {
    if (stopped != null) {
      return;
    }
    stopped = outcome;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** The outcome decided by a stop, or null. */
  synchronized Outcome stoppedWith() {
    return stopped;
  }

  @Override
  public void run() {
    synchronized (this) {
      if (stopped != null) {
        runner.finished(this, stopped);
        return;
      }
      thread = Thread.currentThread();
      startedAt = System.currentTimeMillis();
    }
    runner.started(this);
    Outcome outcome;
    Error fatal = null;
    try {
      outcome = outcomeOf(processor.process(context));
    } catch (InterruptedException e) {
      outcome = new Outcome(TaskStatus.FAILED, "interrupted");
    } catch (Exception e) {
      if (stoppedWith() == null) {
        log.warn("Processor '{}' failed instance {} attempt {} (job {})", processorName, context.instanceId(),
            context.attempt(), context.jobId(), e);
      }
      outcome = new Outcome(TaskStatus.FAILED, describe(e));
    } catch (Error e) {
      log.error("Processor '{}' raised an error on instance {} attempt {} (job {})", processorName,
          context.instanceId(), context.attempt(), context.jobId(), e);
      outcome = new Outcome(TaskStatus.FAILED, describe(e));
      fatal = e instanceof VirtualMachineError ? e : null;
    } finally {
      synchronized (this) {
        thread = null;
      }
      // A stop that raced with the processor's return must not leak into the pool thread's next attempt.
      Thread.interrupted();
    }
    Outcome stop = stoppedWith();
    runner.finished(this, stop != null ? stop : outcome);
    if (fatal != null) {
      throw fatal;
    }
  }

  private Outcome outcomeOf(Result r) {
    if (r == null) {
      return new Outcome(TaskStatus.FAILED, "processor '" + processorName + "' returned no result");
    }
    return new Outcome(r.success() ? TaskStatus.SUCCEEDED : TaskStatus.FAILED, r.message());
  }

  private static String describe(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
  }

  @Override
  public String toString() {
    return "instance " + context.instanceId() + " attempt " + context.attempt()
        + (task == null ? "" : " task " + task) + " (job " + context.jobId()
        + ", processor " + processorName + ")";
  }
}
