package io.drover.coordination.leader;

import io.drover.coordination.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
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
 * Watches the whole {@code apps/} tree with a {@link CuratorCache}. It reports each app znode (a direct child) that
 * appears or disappears, including those present at start; children whose names are not valid app names are
 * ignored (logged). Every change anywhere in the tree (latch participants, pins) also runs {@code onChange}.
 * Callbacks run on Curator's event thread; a report may repeat.
 *
 * <p>An app znode without data is a leftover, not an app (see {@link AppZnode}); it is reported as removed.
 */
final class AppWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AppWatcher.class);

  /** The apps, their latch queues and their pins, as the cache holds them now. */
  record AppTree(SortedSet<String> apps, Map<String, List<String>> queues, Map<String, String> pins) {
  }

  private final CuratorFramework client;
  private final String appsPath;
  private final Consumer<String> added;
  private final Consumer<String> removed;
  private final Runnable onChange;
  private final CountDownLatch initialized = new CountDownLatch(1);
  private volatile CuratorCache cache;

  AppWatcher(CuratorFramework client, String appsPath, Consumer<String> added, Consumer<String> removed,
      Runnable onChange) {
    this.client = client;
    this.appsPath = appsPath;
    this.added = added;
    this.removed = removed;
    this.onChange = onChange;
  }

  /** Starts the cache and waits up to {@code timeoutMs} for its initial load. */
  void start(long timeoutMs) throws InterruptedException {
    CuratorCache started = CuratorCache.build(client, appsPath);
    started.listenable().addListener(CuratorCacheListener.builder()
        .forAll(this::onEvent)
        .forInitialized(initialized::countDown)
        .build());
    cache = started;
    started.start();
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
    onChange.run();
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

  /** The registered apps with their latch queues (server ids, leader first) and pins, from the cache. */
  AppTree tree() {
    SortedSet<String> apps = new TreeSet<>();
    Map<String, Map<String, String>> participants = new HashMap<>();
    Map<String, String> pins = new HashMap<>();
    CuratorCache current = cache;
    if (current == null) {
      return new AppTree(apps, Map.of(), pins);
    }
    String prefix = appsPath + "/";
    current.stream().filter(data -> data.getPath().startsWith(prefix)).forEach(data -> {
      String[] parts = data.getPath().substring(prefix.length()).split("/");
      String app = parts[0];
      if (parts.length == 1 && AppZnode.isRegistered(data.getData()) && Names.isValidAppName(app)) {
        apps.add(app);
      } else if (parts.length == 2 && parts[1].equals("pin") && data.getData() != null) {
        pins.put(app, new String(data.getData(), StandardCharsets.UTF_8).trim());
      } else if (parts.length == 3 && parts[1].equals("latch")) {
        participants.computeIfAbsent(app, a -> new HashMap<>())
            .put(parts[2], LatchNodes.participantId(data.getData()));
      }
    });
    Map<String, List<String>> queues = new HashMap<>();
    participants.forEach((app, byNode) -> {
      if (apps.contains(app)) {
        List<String> queue = new ArrayList<>();
        LatchNodes.inQueueOrder(byNode.keySet()).forEach(node -> queue.add(byNode.get(node)));
        queues.put(app, queue);
      }
    });
    pins.keySet().retainAll(apps);
    return new AppTree(apps, queues, pins);
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
