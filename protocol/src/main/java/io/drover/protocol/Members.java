package io.drover.protocol;

import java.util.List;

/**
 * The workers of the app connected to its leader, sent to each of them whenever one joins or leaves: where the
 * coordinator of a map instance may send subtasks, and whose subtasks it must send elsewhere.
 */
public record Members(List<Member> workers) implements Message {
  /** One connected worker and how many tasks it runs at once. */
  public record Member(String id, int capacity) {}

  public Members {
    workers = workers == null ? List.of() : List.copyOf(workers);
  }
}
