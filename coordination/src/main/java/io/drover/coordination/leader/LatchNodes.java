package io.drover.coordination.leader;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.LockInternals;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;

/**
 * How a Curator {@link org.apache.curator.framework.recipes.leader.LeaderLatch} lays out its participants: one
 * EPHEMERAL_SEQUENTIAL znode each under the latch path, named {@code [_c_<uuid>-]latch-<sequence>}, data = the
 * participant id. The participant with the lowest sequence leads; the others queue behind it in sequence order.
 */
final class LatchNodes {

  /** The name prefix LeaderLatch gives its participant znodes. */
  static final String LOCK_NAME = "latch-";

  private LatchNodes() {
  }

  /** The participant znode names among {@code children}, in queue order (the leader first). */
  static List<String> inQueueOrder(Collection<String> children) {
    List<String> participants = children.stream().filter(name -> name.contains(LOCK_NAME)).toList();
    return LockInternals.getSortedChildren(LOCK_NAME, StandardLockInternalsDriver::standardFixForSorting,
        participants);
  }

  /** The participant id a participant znode's data holds. */
  static String participantId(byte[] data) {
    return data == null ? "" : new String(data, StandardCharsets.UTF_8);
  }

  /**
   * The participant id of the latch's leader, read from ZooKeeper: the first participant in queue order whose znode
   * can still be read. Empty when the latch has no participant (or does not exist).
   */
  static Optional<String> leader(CuratorFramework client, String latchPath) throws Exception {
    List<String> queue;
    try {
      queue = inQueueOrder(client.getChildren().forPath(latchPath));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
    for (String node : queue) {
      try {
        String id = participantId(client.getData().forPath(ZKPaths.makePath(latchPath, node)));
        if (!id.isEmpty()) {
          return Optional.of(id);
        }
      } catch (KeeperException.NoNodeException e) {
        // it left between the listing and the read: the next one in the queue leads now
      }
    }
    return Optional.empty();
  }
}
