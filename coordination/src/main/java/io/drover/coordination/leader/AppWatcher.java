package io.drover.coordination.leader;

import io.drover.coordination.Names;
import io.drover.coordination.ZkPaths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code apps/} with a {@link CuratorCache} and reports each app znode (a direct child) that appears or
 * disappears, including those present at start. Deeper znodes (latches, pins) are ignored, and so are children
 * whose names are not valid app names (logged). Callbacks run on Curator's event thread; a report may repeat.
 *
 * <p>An app znode without data is a leftover, not an app (see {@link AppZnode}); it is reported as removed.
 */
final class AppWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AppWatcher.class);

  private final CuratorFramework client;
  private final String appsPath;
  private final Consumer<String> added;
  private final Consumer<String> removed;
  private final CountDownLatch initialized = new CountDownLatch(1);
  private CuratorCache cache;

  AppWatcher(CuratorFramework client, ZkPaths paths, Consumer<String> added, Consumer<String> removed) {
    this.client = client;
    this.appsPath = paths.apps();
    this.added = added;
    this.removed = removed;
  }

  /** Starts the cache and waits up to {@code timeoutMs} for its initial load. */
  void start(long timeoutMs) throws InterruptedException {
    cache = CuratorCache.build(client, appsPath);
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forAll(this::onEvent)
        .forInitialized(initialized::countDown)
        .build());
    cache.start();
    if (!initialized.await(timeoutMs, TimeUnit.MILLISECONDS)) {
      log.warn("Apps under {} not loaded within {} ms; their latches are joined once ZooKeeper answers",
          appsPath, timeoutMs);
    }
  }

  private void onEvent(CuratorCacheListener.Type type, ChildData oldNode, ChildData node) {
    switch (type) {
      case NODE_CREATED, NODE_CHANGED -> report(node, AppZnode.isRegistered(node.getData()) ? added : removed);
      case NODE_DELETED -> report(oldNode, removed);
    }
  }

  private void report(ChildData node, Consumer<String> action) {
    ZKPaths.PathAndNode pathAndNode = ZKPaths.getPathAndNode(node.getPath());
    if (!appsPath.equals(pathAndNode.getPath())) {
      return;
    }
    String app = pathAndNode.getNode();
    if (!Names.isValidAppName(app)) {
      log.warn("Ignoring znode {}: '{}' is not a valid app name", node.getPath(), app);
      return;
    }
    action.accept(app);
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
