package io.drover.worker;

import io.drover.protocol.FrameFormat;

/**
 * Timings and limits of a worker. Production uses {@link #DEFAULTS}; tests shorten them.
 *
 * @param connectTimeoutMs TCP connect timeout; also how long a new connection waits for the server's CHALLENGE
 * @param handshakeTimeoutMs how long to wait for an answer to HELLO before trying the next server
 * @param backoffMinMs first reconnect delay after a failure; doubles per failure
 * @param backoffMaxMs largest reconnect delay
 * @param retryableRejectDelayMs delay before trying again after a retryable REJECT
 * @param fatalRejectDelayMs least delay before trying again after a non-retryable REJECT (the app may be created,
 *     or its secret fixed, later)
 * @param maxRedirects redirects followed in a row without a WELCOME before going back to the server list
 * @param reportBufferLimit reports kept while disconnected; the oldest are dropped beyond it
 * @param closeTimeoutMs how long closing waits for interrupted processors and for the connection to end
 * @param maxBodyBytes largest frame body accepted from a server
 * @param logBufferLines instance log lines kept until sent; the oldest are dropped beyond it
 * @param logBatchLines most lines in one LOG frame; this many waiting lines are sent without waiting for the timer
 * @param logFlushIntervalMs how often waiting instance log lines are sent
 * @param logLineMaxBytes longest instance log line (UTF-8); longer ones are truncated with a marker
 */
record Tuning(long connectTimeoutMs, long handshakeTimeoutMs, long backoffMinMs, long backoffMaxMs,
              long retryableRejectDelayMs, long fatalRejectDelayMs, int maxRedirects, int reportBufferLimit,
              long closeTimeoutMs, int maxBodyBytes, int logBufferLines, int logBatchLines, long logFlushIntervalMs,
              int logLineMaxBytes) {

  static final Tuning DEFAULTS = new Tuning(3_000, 10_000, 100, 5_000, 500, 5_000, 5, 10_000, 5_000,
      FrameFormat.DEFAULT_MAX_BODY, 10_000, 500, 200, 8 * 1024);

  Tuning {
    if (connectTimeoutMs < 1 || handshakeTimeoutMs < 1 || backoffMinMs < 1 || backoffMaxMs < backoffMinMs
        || retryableRejectDelayMs < 0 || fatalRejectDelayMs < 0 || maxRedirects < 0 || reportBufferLimit < 1
        || closeTimeoutMs < 0 || maxBodyBytes < 1 || logBufferLines < 1 || logBatchLines < 1
        || logFlushIntervalMs < 1 || logLineMaxBytes < LogBuffer.MIN_LINE_BYTES) {
      throw new IllegalArgumentException("invalid worker tuning " + this);
    }
  }

  Tuning withHandshakeTimeoutMs(long ms) {
    return new Tuning(connectTimeoutMs, ms, backoffMinMs, backoffMaxMs, retryableRejectDelayMs,
        fatalRejectDelayMs, maxRedirects, reportBufferLimit, closeTimeoutMs, maxBodyBytes, logBufferLines,
        logBatchLines, logFlushIntervalMs, logLineMaxBytes);
  }

  Tuning withConnectTimeoutMs(long ms) {
    return new Tuning(ms, handshakeTimeoutMs, backoffMinMs, backoffMaxMs, retryableRejectDelayMs,
        fatalRejectDelayMs, maxRedirects, reportBufferLimit, closeTimeoutMs, maxBodyBytes, logBufferLines,
        logBatchLines, logFlushIntervalMs, logLineMaxBytes);
  }

  Tuning withRejectDelaysMs(long backoffMinMs, long backoffMaxMs, long fatalRejectDelayMs) {
    return new Tuning(connectTimeoutMs, handshakeTimeoutMs, backoffMinMs, backoffMaxMs, retryableRejectDelayMs,
        fatalRejectDelayMs, maxRedirects, reportBufferLimit, closeTimeoutMs, maxBodyBytes, logBufferLines,
        logBatchLines, logFlushIntervalMs, logLineMaxBytes);
  }

  Tuning withLogLimits(int bufferLines, int batchLines, long flushIntervalMs, int lineMaxBytes) {
    return new Tuning(connectTimeoutMs, handshakeTimeoutMs, backoffMinMs, backoffMaxMs, retryableRejectDelayMs,
        fatalRejectDelayMs, maxRedirects, reportBufferLimit, closeTimeoutMs, maxBodyBytes, bufferLines, batchLines,
        flushIntervalMs, lineMaxBytes);
  }
}
