package io.drover.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.helpers.MessageFormatter;

/** A context for calling a processor directly: its log lines are kept as {@code "LEVEL text"}. */
final class RecordingContext implements TaskContext {
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final String params;

  RecordingContext(String params) {
    this.params = params;
  }

  @Override
  public long instanceId() {
    return 1;
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public long jobId() {
    return 2;
  }

  @Override
  public String params() {
    return params;
  }

  @Override
  public String workerId() {
    return "test-worker";
  }

  @Override
  public TaskLog log() {
    return new TaskLog() {
      @Override
      public void info(String format, Object... args) {
        lines.add("INFO " + MessageFormatter.arrayFormat(format, args).getMessage());
      }

      @Override
      public void warn(String format, Object... args) {
        lines.add("WARN " + MessageFormatter.arrayFormat(format, args).getMessage());
      }

      @Override
      public void error(String format, Object... args) {
        lines.add("ERROR " + MessageFormatter.arrayFormat(format, args).getMessage());
      }
    };
  }
}
