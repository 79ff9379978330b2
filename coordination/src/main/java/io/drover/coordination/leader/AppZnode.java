package io.drover.coordination.leader;

import java.nio.charset.StandardCharsets;

/**
 * What marks an app znode {@code apps/{app}} as a registered app: its data, {@code {"app":"<name>"}}.
 *
 * <p>A znode there without data is not an app. It is what a LeaderLatch leaves when the app znode is deleted
 * under it: the latch, seeing its participants vanish, re-creates its missing parents, app znode included, as
 * empty CONTAINER znodes (ZooKeeper reaps them once empty). ZooKeeper does not tell clients that a znode is a
 * container, so the data is the mark.
 */
final class AppZnode {

  private AppZnode() {
  }

  /** The data {@code registerApp} writes; app names need no JSON escaping. */
  static byte[] data(String app) {
    return ("{\"app\":\"" + app + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** True for the data of a registered app, false for a leftover's (none). */
  static boolean isRegistered(byte[] data) {
    return data != null && data.length > 0;
  }
}
