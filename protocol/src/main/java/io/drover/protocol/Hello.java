package io.drover.protocol;

import java.util.List;
import java.util.Map;

/**
 * First frame a worker sends on a new connection.
 *
 * @param app the app group the worker belongs to
 * @param workerId stable id of the worker process
 * @param address host:port or host the worker is reachable as (informational; workers need no inbound port)
 * @param labels free-form labels used by worker selectors, e.g. zone=a
 * @param capacity how many attempts the worker runs at once
 * @param running instance ids the worker is running right now (claimed on takeover)
 * @param proof proof of the app secret (may be null until authentication is enforced)
 * @param attempts the attempts behind {@code running}, with their numbers (added later: empty from older workers),
 *     so that the server can stop one that was failed over while the worker was away
 */
public record Hello(String app, String workerId, String address, Map<String, String> labels,
                    int capacity, List<Long> running, String proof, List<RunningAttempt> attempts)
    implements Message {
  public Hello {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    running = running == null ? List.of() : List.copyOf(running);
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }

  /** A HELLO that names no attempt numbers (as older workers send it). */
  public Hello(String app, String workerId, String address, Map<String, String> labels, int capacity,
               List<Long> running, String proof) {
    this(app, workerId, address, labels, capacity, running, proof, List.of());
  }

  /** An attempt a worker runs. */
  public record RunningAttempt(long instanceId, int attempt) {}
}
