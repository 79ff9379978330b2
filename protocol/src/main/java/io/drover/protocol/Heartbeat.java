package io.drover.protocol;

import java.util.List;

/** Periodic liveness and load report from a worker. */
public record Heartbeat(int capacity, int freeSlots, double load, List<Long> running) implements Message {
  public Heartbeat {
    running = running == null ? List.of() : List.copyOf(running);
  }
}
