package io.drover.coordination.membership;

import java.util.List;

/** Told the live servers each time the set (or what one publishes) changes. */
@FunctionalInterface
public interface MembershipListener {

  /**
   * Called on the membership's callback thread, in order, never concurrently.
   *
   * @param live the live servers, sorted by id, immutable
   */
  void membersChanged(List<ServerInfo> live);
}
