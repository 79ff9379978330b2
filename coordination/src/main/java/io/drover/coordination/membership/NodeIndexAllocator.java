package io.drover.coordination.membership;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives this server a node index in {@code 0..1023} that no other live server holds, for time-ordered id
 * generation.
 *
 * <p>The server creates an EPHEMERAL_SEQUENTIAL ticket {@code ids/n-<seq>}; its index is {@code seq mod 1024}.
 * If another ticket already has that index it takes another ticket (keeping the rejected ones until it succeeds,
 * so that consecutive sequence numbers, and so every index, are tried). Of two servers that race for one index,
 * the later ticket always sees the earlier and moves on. The ticket is kept by a {@link PersistentNode} without
 * protection, which re-creates the same name after a session expiry, so the index stays the same for the life of
 * the process.
 */
final class NodeIndexAllocator implements AutoCloseable {

  static final int MAX_NODES = 1024;
  private static final String PREFIX = "n-";
  private static final Pattern TICKET = Pattern.compile(PREFIX + "(-?\\d{1,19})");
  private static final int MAX_ATTEMPTS = 2 * MAX_NODES;
  private static final Logger log = LoggerFactory.getLogger(NodeIndexAllocator.class);

  private final CuratorFramework client;
  private final String idsPath;
  private final String serverId;
  private PersistentNode ticket;
  private volatile int index = -1;

  NodeIndexAllocator(CuratorFramework client, String idsPath, String serverId) {
    this.client = client;
    this.idsPath = idsPath;
    this.serverId = serverId;
  }

  /** The index of a ticket name such as {@code n-0000001036} (12), or -1 when the name is not a ticket. */
  static int indexOf(String ticketName) {
    Matcher m = TICKET.matcher(ticketName);
    if (!m.matches()) {
      return -1;
    }
    return Math.floorMod(Long.parseLong(m.group(1)), MAX_NODES);
  }

  int allocate(long timeoutMs) throws Exception {
    List<PersistentNode> rejected = new ArrayList<>();
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        PersistentNode candidate = createTicket(timeoutMs);
        String name = ZKPaths.getNodeFromPath(candidate.getActualPath());
        int candidateIndex = indexOf(name);
        if (!takenByAnother(name, candidateIndex)) {
          ticket = candidate;
          index = candidateIndex;
          log.debug("Server {} has node index {} (ticket {})", serverId, candidateIndex, name);
          return candidateIndex;
        }
        log.debug("Server {}: node index {} of ticket {} is taken; taking another ticket",
            serverId, candidateIndex, name);
        rejected.add(candidate);
      }
      throw new IllegalStateException("server " + serverId + ": no free node index (0.." + (MAX_NODES - 1)
          + ") under " + idsPath + " after " + MAX_ATTEMPTS + " tickets; are " + MAX_NODES
          + " servers live?");
    } finally {
      for (PersistentNode node : rejected) {
        node.close();
      }
    }
  }

  private PersistentNode createTicket(long timeoutMs) throws Exception {
    PersistentNode node = new PersistentNode(client, CreateMode.EPHEMERAL_SEQUENTIAL, false,
        ZKPaths.makePath(idsPath, PREFIX), serverId.getBytes(StandardCharsets.UTF_8));
    node.start();
    if (!node.waitForInitialCreate(timeoutMs, TimeUnit.MILLISECONDS)) {
      node.close();
      throw new IllegalStateException("server " + serverId + ": node index ticket under " + idsPath
          + " was not created within " + timeoutMs + " ms");
    }
    return node;
  }

  private boolean takenByAnother(String ours, int candidateIndex) throws Exception {
    for (String child : client.getChildren().forPath(idsPath)) {
      if (!child.equals(ours) && indexOf(child) == candidateIndex) {
        return true;
      }
    }
    return false;
  }

  /** @throws IllegalStateException before {@link #allocate} succeeded */
  int index() {
    int current = index;
    if (current < 0) {
      throw new IllegalStateException("server " + serverId + ": node index not allocated (membership not started)");
    }
    return current;
  }

  /** Deletes the ticket. Idempotent. */
  @Override
  public void close() throws IOException {
    PersistentNode node = ticket;
    ticket = null;
    if (node != null) {
      node.close();
    }
  }
}
