package io.drover.coordination.leader;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of the children of one znode ({@code servers/}: the live servers; {@code drain/}: the drained ones),
 * from a {@link CuratorCache}. The parent need not exist. {@code onChange} runs on Curator's event thread after
 * every change.
 */
final class ChildNames implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChildNames.class);

  private final CuratorFramework client;
  private final String parent;
  private final Runnable onChange;
  private final CountDownLatch initialized = new CountDownLatch(1);
  private volatile CuratorCache cache;

  ChildNames(CuratorFramework client, String parent, Runnable onChange) {
    this.client = client;
    this.parent = parent;
    this.onChange = onChange;
  }

  /** Starts the cache and waits up to {@code timeoutMs} for its initial load. */
  void start(long timeoutMs) throws InterruptedException {
    CuratorCache started = CuratorCache.build(client, parent);
    started.listenable().addListener(CuratorCacheListener.builder()
        .forAll((type, oldNode, node) -> onChange.run())
        .forInitialized(initialized::countDown)
        .build());
    cache = started;
    started.start();
    if (!initialized.await(timeoutMs, TimeUnit.MILLISECONDS)) {
      log.warn("Children of {} not loaded within {} ms; they fill in once ZooKeeper answers", parent, timeoutMs);
    }
  }

  /** The current child names (empty before start and after close). */
  Set<String> names() {
    CuratorCache current = cache;
    if (current == null) {
      return Set.of();
    }
    return current.stream()
        .map(data -> ZKPaths.getPathAndNode(data.getPath()))
        .filter(pathAndNode -> parent.equals(pathAndNode.getPath()))
        .map(ZKPaths.PathAndNode::getNode)
        .collect(Collectors.toUnmodifiableSet());
  }

  boolean contains(String name) {
    CuratorCache current = cache;
    return current != null && current.get(ZKPaths.makePath(parent, name)).isPresent();
  }

  @Override
  public void close() {
    CuratorCache current = cache;
    cache = null;
    if (current != null) {
      current.close();
    }
  }
}
