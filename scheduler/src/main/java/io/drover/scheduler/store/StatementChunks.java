package io.drover.scheduler.store;

/**
 * Row counts for multi-row statements, drawn from a small fixed set: the statement's maximum while that many rows
 * remain, then powers of two. A multi-row statement's SQL text depends on its row count, and the driver keeps its
 * parse of a statement by text ({@code cachePrepStmts}): with a few texts per statement every batch finds its parse
 * cached, where a text per batch size would parse tens of kilobytes of SQL for every batch (a fifth of the
 * server's CPU at 10,000 fires/s).
 */
final class StatementChunks {
  private StatementChunks() {}

  /** Rows for the next statement: {@code max} while at least that many remain, else the largest power of two. */
  static int next(int remaining, int max) {
    if (remaining < 1 || max < 1) {
      throw new IllegalArgumentException("remaining and max must be positive: " + remaining + ", " + max);
    }
    return remaining >= max ? max : Integer.highestOneBit(remaining);
  }
}
