package io.drover.bench.quartz;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.spi.JobFactory;

/**
 * The bench's job: does nothing but note, first thing, when it began, with the trigger's scheduled and actual fire
 * times, in the {@link FireLog}. One instance per node serves every fire (its {@link #factory()} hands it out), so
 * the bench adds no object per fire to what Quartz itself creates.
 *
 * <p>Not {@code @DisallowConcurrentExecution}: a fire never waits for the job's previous one, as with the
 * scheduling load's Drover jobs (overlap policy ALLOW, the default), and Quartz skips its blocked-trigger
 * bookkeeping.
 */
final class NoopJob implements Job {
  /** Job names are this prefix and the job's index: {@code job-0 ... job-9999}. */
  static final String NAME_PREFIX = "job-";

  private final int nodeIndex;
  private final FireLog log;

  NoopJob(int nodeIndex, FireLog log) {
    this.nodeIndex = nodeIndex;
    this.log = log;
  }

  @Override
  public void execute(JobExecutionContext context) {
    long startedAt = System.currentTimeMillis();
    log.record(nodeIndex, jobIndex(context.getJobDetail().getKey().getName()),
        context.getScheduledFireTime().getTime(), context.getFireTime().getTime(), startedAt);
  }

  /** A factory that returns this instance for every fire (instead of a new job object per fire). */
  JobFactory factory() {
    return (bundle, scheduler) -> this;
  }

  static String name(int jobIndex) {
    return NAME_PREFIX + jobIndex;
  }

  /** The index in a name made by {@link #name(int)}, read without allocating. */
  static int jobIndex(String name) {
    int v = 0;
    for (int i = NAME_PREFIX.length(); i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a bench job name: " + name);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
