package io.drover.scheduler.trigger;

import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.job.Job;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fire target for trigger tests: one app led at epoch 1, always allowed to fire, keeping what was fired. */
final class RecordingTarget implements FireTarget {
  final List<Instance> fired = new CopyOnWriteArrayList<>();
  private final long appId;

  RecordingTarget(long appId) {
    this.appId = appId;
  }

  @Override
  public long appId() {
    return appId;
  }

  @Override
  public long epoch() {
    return 1;
  }

  @Override
  public boolean mayFire() {
    return true;
  }

  @Override
  public void fired(Instance instance, Job job) {
    fired.add(instance);
  }
}
