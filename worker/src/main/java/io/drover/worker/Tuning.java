package io.drover.worker;

import io.drover.protocol.FrameFormat;

/**
 * Timings and limits of a worker. Production uses {@link #DEFAULTS}; tests shorten them.
 *
 * @param connectTimeoutMs TCP connect timeout
 * @param handshakeTimeoutMs how long to wait for an answer to HELLO before trying the next server
 * @param backoffMinMs first reconnect delay after a failure; doubles per failure
 * @param backoffMaxMs largest reconnect delay
 * @param retryableRejectDelayMs delay before trying again after a retryable REJECT
 * @param fatalRejectDelayMs delay before trying again after a non-retryable REJECT (the app may be created later)
 * @param maxRedirects redirects followed in a row without a WELCOME before going back to the server list
 * @param reportBufferLimit reports kept while disconnected; the oldest are dropped beyond it
 * @param closeTimeoutMs how long close() waits for interrupted processors to end
 * @param maxBodyBytes largest frame body accepted from a server
 */
record Tuning(long connectTimeoutMs, long handshakeTimeoutMs, long backoffMinMs, long backoffMaxMs,
              long retryableRejectDelayMs, long fatalRejectDelayMs, int maxRedirects, int reportBufferLimit,
              long closeTimeoutMs, int maxBodyBytes) {

  static final Tuning DEFAULTS = new Tuning(3_000, 10_000, 100, 5_000, 500, 5_000, 5, 10_000, 5_000,
      FrameFormat.DEFAULT_MAX_BODY);

  Tuning {
    if (connectTimeoutMs < 1 || handshakeTimeoutMs < 1 || backoffMinMs < 1 || backoffMaxMs < backoffMinMs
        || retryableRejectDelayMs < 0 || fatalRejectDelayMs < 0 || maxRedirects < 0 || reportBufferLimit < 1
        || closeTimeoutMs < 0 || maxBodyBytes < 1) {
      throw new IllegalArgumentException("invalid worker tuning " + this);
    }
  }

  Tuning withHandshakeTimeoutMs(long ms) {
    return new Tuning(connectTimeoutMs, ms, backoffMinMs, backoffMaxMs, retryableRejectDelayMs,
        fatalRejectDelayMs, maxRedirects, reportBufferLimit, closeTimeoutMs, maxBodyBytes);
  }
}
