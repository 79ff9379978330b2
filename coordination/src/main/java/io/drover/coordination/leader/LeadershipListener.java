package io.drover.coordination.leader;

/**
 * Told when this server starts or stops leading an app. Calls come on the {@link AppLeadership}'s one callback
 * thread, in order, never concurrently; for one app they alternate gained, lost, gained, ... An exception thrown
 * here is logged and does not stop later calls.
 */
public interface LeadershipListener {

  /** This server now leads {@code app}. */
  void leadershipGained(String app);

  /**
   * This server no longer leads {@code app}, or may not (connection SUSPENDED or LOST): stop acting for it at
   * once. Also called for every led app when the {@link AppLeadership} closes.
   */
  void leadershipLost(String app);
}
