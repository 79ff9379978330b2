package io.drover.scheduler.api;

import io.drover.scheduler.instance.Instance;

/** An instance as the API returns it. */
public record InstanceView(
    long id,
    long jobId,
    String app,
    String status,
    int attempt,
    String triggerType,
    long fireAt,
    String worker,
    String result,
    long createdAt,
    Long dispatchedAt,
    Long startedAt,
    Long finishedAt) {

  static InstanceView of(Instance i) {
    return new InstanceView(i.id(), i.jobId(), i.app(), i.status().name(), i.attempt(), i.triggerType().name(),
        i.fireAt(), i.worker(), i.result(), i.createdAt(), i.dispatchedAt(), i.startedAt(), i.finishedAt());
  }
}
