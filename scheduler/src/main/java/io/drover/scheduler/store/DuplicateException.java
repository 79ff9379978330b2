package io.drover.scheduler.store;

import java.sql.SQLIntegrityConstraintViolationException;

/** A write that would break a unique key: a name taken, an idempotency key used. */
public final class DuplicateException extends RuntimeException {
  public DuplicateException(String message) {
    super(message);
  }

  static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLIntegrityConstraintViolationException sql && sql.getErrorCode() == 1062) {
        return true;
      }
    }
    return false;
  }
}
