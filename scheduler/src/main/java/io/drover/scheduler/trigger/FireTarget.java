package io.drover.scheduler.trigger;

import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.job.Job;

/** The led app a fire belongs to: says whether it may still fire, and takes the instances created. */
public interface FireTarget {
  long appId();

  long epoch();

  /** False once this server stopped leading the app (or is suspended from ZooKeeper). */
  boolean mayFire();

  /** An instance was recorded for a fire: dispatch it. */
  void fired(Instance instance, Job job);
}
