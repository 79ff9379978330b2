package io.drover.scheduler.instance;

/** What created an instance. */
public enum TriggerType {
  SCHEDULE,
  API,
  RETRY,
  WORKFLOW
}
