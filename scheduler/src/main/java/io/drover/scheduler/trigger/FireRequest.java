package io.drover.scheduler.trigger;

import io.drover.scheduler.job.Job;

/** A job whose fire moment arrived, waiting to be recorded. */
record FireRequest(FireTarget target, TriggerLoop loop, Job job, long fireAt) {}
