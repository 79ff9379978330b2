package io.drover.scheduler.store;

import io.drover.scheduler.instance.Instance;

/**
 * A scheduled fire to record: move job {@code jobId}'s next fire from {@code fireAt} to {@code nextFireAt}
 * (compare-and-set) and insert {@code instance}.
 */
public record Fire(long jobId, long fireAt, Long nextFireAt, Instance instance) {}
