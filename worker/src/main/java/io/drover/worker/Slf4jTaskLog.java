package io.drover.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link TaskLog} of a context that is not run by a worker: lines go to the application's SLF4J log. */
final class Slf4jTaskLog implements TaskLog {
  static final Slf4jTaskLog INSTANCE = new Slf4jTaskLog();
  private static final Logger log = LoggerFactory.getLogger(TaskLog.class);

  private Slf4jTaskLog() {}

  @Override
  public void info(String format, Object... args) {
    log.info(format, args);
  }

  @Override
  public void warn(String format, Object... args) {
    log.warn(format, args);
  }

  @Override
  public void error(String format, Object... args) {
    log.error(format, args);
  }
}
