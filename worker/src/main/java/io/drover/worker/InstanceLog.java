package io.drover.worker;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/** The {@link TaskLog} of one attempt run by this worker: formats lines and hands them to the {@link LogBuffer}. */
final class InstanceLog implements TaskLog {
  private final LogBuffer buffer;
  private final long instanceId;

  InstanceLog(LogBuffer buffer, long instanceId) {
    this.buffer = buffer;
    this.instanceId = instanceId;
  }

  @Override
  public void info(String format, Object... args) {
    write("INFO", format, args);
  }

  @Override
  public void warn(String format, Object... args) {
    write("WARN", format, args);
  }

  @Override
  public void error(String format, Object... args) {
    write("ERROR", format, args);
  }

  private void write(String level, String format, Object[] args) {
    FormattingTuple t = MessageFormatter.arrayFormat(format, args);
    String text = String.valueOf(t.getMessage());
    if (t.getThrowable() != null) {
      StringWriter trace = new StringWriter();
      t.getThrowable().printStackTrace(new PrintWriter(trace));
      text = text + "\n" + trace.toString().stripTrailing();
    }
    buffer.append(instanceId, level, text);
  }
}
