package io.drover.scheduler.dispatch;

import io.drover.protocol.LogBatch;
import java.util.List;

/** Where instance log lines from workers go (written behind to the database). */
public interface LogSink {
  /** Takes the lines without blocking; false when they were dropped because the sink is full. */
  boolean offer(String workerId, List<LogBatch.Line> lines);
}
