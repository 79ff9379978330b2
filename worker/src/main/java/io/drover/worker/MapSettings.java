package io.drover.worker;

/**
 * Limits of map and map-reduce instances on this worker.
 *
 * @param taskMaxAttempts tries of a subtask before it counts as failed (a lost worker's subtasks run again without
 *     using a try)
 * @param maxResultBytes largest result text of one subtask (UTF-8 bytes); a bigger one fails the subtask
 */
record MapSettings(int taskMaxAttempts, int maxResultBytes) {
  static final MapSettings DEFAULTS = new MapSettings(3, 64 * 1024);

  MapSettings {
    if (taskMaxAttempts < 1 || taskMaxAttempts > 100) {
      throw new IllegalArgumentException("taskMaxAttempts must be in 1..100, got " + taskMaxAttempts);
    }
    if (maxResultBytes < 1 || maxResultBytes > 512 * 1024) {
      throw new IllegalArgumentException("maxSubtaskResultBytes must be in 1..524288, got " + maxResultBytes);
    }
  }
}
