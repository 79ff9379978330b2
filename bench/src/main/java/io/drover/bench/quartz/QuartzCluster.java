package io.drover.bench.quartz;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * N clustered Quartz schedulers in this JVM, like N Drover servers: one scheduler name, distinct instance ids, each
 * with its own thread pool and connection pool, all on the same tables. Created in standby; {@link #start()} starts
 * them, {@link #schedule} stores the jobs, {@link #close()} shuts them down in reverse order, waiting for running
 * jobs.
 */
final class QuartzCluster implements AutoCloseable {
  static final String GROUP = "bench";

  private final List<Scheduler> nodes = new ArrayList<>();

  private QuartzCluster() {}

  /** Creates {@code count} nodes in standby; each runs its jobs with a {@link NoopJob} recording into {@code log}. */
  static QuartzCluster create(QuartzSettings settings, int count, FireLog log) throws SchedulerException {
    QuartzCluster cluster = new QuartzCluster();
    try {
      for (int i = 0; i < count; i++) {
        Scheduler s = new StdSchedulerFactory(settings.forNode(i)).getScheduler();
        // Quartz keeps one scheduler per name in a JVM-wide repository, and the nodes of a cluster share the name:
        // take each out of it so that the next one can be made (a node shutting down removes itself anyway).
        SchedulerRepository.getInstance().remove(QuartzSettings.SCHEDULER_NAME);
        cluster.nodes.add(s);
        s.setJobFactory(new NoopJob(i, log).factory());
      }
      return cluster;
    } catch (SchedulerException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Stores the plan's jobs, each with one SimpleTrigger repeating every period forever, through node 1 in calls of
   * {@code batch} jobs to {@code scheduleJobs} (one transaction each, under Quartz's trigger lock). The nodes may
   * already run: each job's first fire is the first point of its grid after its batch is stored, estimated as now +
   * 1 s + the previous batch's time. A trigger that misfires (more than the misfire threshold late) skips to its
   * next time on the grid ({@code NextWithRemainingCount}).
   */
  void schedule(FirePlan plan, int batch) throws SchedulerException {
    Scheduler first = nodes.get(0);
    Map<JobDetail, Set<? extends Trigger>> pending = new LinkedHashMap<>();
    long lastBatchMs = 0;
    long notBefore = System.currentTimeMillis() + 1_000;
    for (int i = 0; i < plan.jobs(); i++) {
      JobDetail job = JobBuilder.newJob(NoopJob.class).withIdentity(NoopJob.name(i), GROUP).build();
      Trigger trigger = TriggerBuilder.newTrigger()
          .withIdentity("trigger-" + i, GROUP)
          .forJob(job)
          .startAt(new Date(plan.assign(i, notBefore)))
          .withSchedule(SimpleScheduleBuilder.simpleSchedule()
              .withIntervalInMilliseconds(plan.periodMs())
              .repeatForever()
              .withMisfireHandlingInstructionNextWithRemainingCount())
          .build();
      pending.put(job, Set.of(trigger));
      if (pending.size() == batch || i == plan.jobs() - 1) {
        long t0 = System.currentTimeMillis();
        first.scheduleJobs(pending, false);
        pending.clear();
        long now = System.currentTimeMillis();
        lastBatchMs = now - t0;
        notBefore = now + 1_000 + lastBatchMs;
      }
    }
  }

  /** Starts every node, in order. */
  void start() throws SchedulerException {
    for (Scheduler s : nodes) {
      s.start();
    }
  }

  int size() {
    return nodes.size();
  }

  /** Shuts every node down, last started first, each waiting for its running jobs; rethrows the first failure. */
  @Override
  public void close() throws SchedulerException {
    SchedulerException failure = null;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).shutdown(true);
      } catch (SchedulerException e) {
        SchedulerException withNode = new SchedulerException("shutting down Quartz node "
            + QuartzSettings.instanceId(i) + " failed", e);
        if (failure == null) {
          failure = withNode;
        } else {
          failure.addSuppressed(withNode);
        }
      }
    }
    nodes.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
