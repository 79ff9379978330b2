package io.drover.protocol;

import java.util.List;

/** Instance log lines written by processors, sent in batches. */
public record LogBatch(List<Line> lines) implements Message {
  public LogBatch {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  /** One log line of one instance. */
  public record Line(long instanceId, long ts, String level, String line) {}
}
