package io.drover.protocol;

import java.util.List;

/**
 * The leader asks a worker to run one attempt of an instance, or one task of it.
 *
 * @param epoch the leader's fencing epoch for the app; workers refuse epochs lower than the highest seen
 * @param timeoutMs 0 for no timeout
 * @param task null for the whole attempt (standalone, or the root task of a map); otherwise which task of the
 *     attempt: {@link #BROADCAST_PRE}, {@link #BROADCAST_TASK} or {@link #BROADCAST_POST}
 * @param taskResults for {@link #BROADCAST_POST}: how every task of the broadcast ended; empty otherwise
 * @param mode {@link #MAP} or {@link #MAP_REDUCE} when the attempt is the root task of a map instance, which the
 *     worker then coordinates; null otherwise
 */
public record Dispatch(long instanceId, int attempt, long epoch, long jobId, String processor,
                       String params, long timeoutMs, String task, List<TaskResult> taskResults, String mode)
    implements Message {
  public static final String MAP = "MAP";
  public static final String MAP_REDUCE = "MAP_REDUCE";
  /** A broadcast's pre-processing, run once on one worker before the tasks. */
  public static final String BROADCAST_PRE = "broadcast-pre";
  /** A broadcast's task, one on every eligible worker. */
  public static final String BROADCAST_TASK = "broadcast";
  /** A broadcast's post-processing, run once on one worker after every task ended. */
  public static final String BROADCAST_POST = "broadcast-post";

  public Dispatch {
    taskResults = taskResults == null ? List.of() : List.copyOf(taskResults);
  }

  /** A DISPATCH of a whole attempt. */
  public Dispatch(long instanceId, int attempt, long epoch, long jobId, String processor, String params,
                  long timeoutMs) {
    this(instanceId, attempt, epoch, jobId, processor, params, timeoutMs, null, List.of(), null);
  }

  /** True when the attempt is the root task of a map or map-reduce instance. */
  public boolean mapRoot() {
    return MAP.equals(mode) || MAP_REDUCE.equals(mode);
  }
}
