package io.drover.scheduler.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.drover.scheduler.instance.Instance;

/**
 * An instance as the API returns it. {@code progress} (only when reading one instance, and only for instances
 * spread over tasks): counts of the current attempt's tasks by status, e.g. {@code {"total":3,"succeeded":3,...}}.
 */
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
    Long finishedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String progress) {

  static InstanceView of(Instance i) {
    return of(i, null);
  }

  static InstanceView of(Instance i, String progress) {
    return new InstanceView(i.id(), i.jobId(), i.app(), i.status().name(), i.attempt(), i.triggerType().name(),
        i.fireAt(), i.worker(), i.result(), i.createdAt(), i.dispatchedAt(), i.startedAt(), i.finishedAt(),
        progress);
  }
}
