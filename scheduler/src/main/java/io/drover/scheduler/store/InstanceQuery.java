package io.drover.scheduler.store;

import io.drover.scheduler.instance.InstanceStatus;

/** Filters of an instance listing, newest first; {@code before} pages by id. */
public record InstanceQuery(Long jobId, String app, InstanceStatus status, Long before, int limit) {
  public static final int MAX_LIMIT = 1000;

  public InstanceQuery {
    if (limit <= 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
    }
  }
}
