package io.drover.protocol;

/**
 * The server refuses the worker or the request.
 *
 * @param reason human-readable reason, logged by the worker
 * @param retryable true when the same request may succeed later (for example no leader elected yet)
 */
public record Reject(String reason, boolean retryable) implements Message {}
