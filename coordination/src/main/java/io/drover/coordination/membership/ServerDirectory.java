package io.drover.coordination.membership;

import io.drover.coordination.ZkPaths;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live servers, read from a {@link CuratorCache} on {@code servers/}. Each server znode is parsed once, when
 * it appears or changes; a znode that does not parse is logged and left out. {@code onChange} runs (on Curator's
 * event thread) once the initial load is done and after every later change.
 */
final class ServerDirectory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerDirectory.class);

  private final CuratorFramework client;
  private final String serversPath;
  private final Runnable onChange;
  private final Map<String, ServerInfo> servers = new ConcurrentHashMap<>();
  private final CountDownLatch initialized = new CountDownLatch(1);
  private CuratorCache cache;

  ServerDirectory(CuratorFramework client, ZkPaths paths, Runnable onChange) {
    this.client = client;
    this.serversPath = paths.servers();
    this.onChange = onChange;
  }

  /** Starts the cache and waits up to {@code timeoutMs} for its initial load. */
  void start(long timeoutMs) throws InterruptedException {
    cache = CuratorCache.build(client, serversPath);
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forAll(this::onEvent)
        .forInitialized(this::onInitialized)
        .build());
    cache.start();
    if (!initialized.await(timeoutMs, TimeUnit.MILLISECONDS)) {
      log.warn("Server list under {} not loaded within {} ms; it fills in once ZooKeeper answers",
          serversPath, timeoutMs);
    }
  }

  private void onEvent(CuratorCacheListener.Type type, ChildData oldData, ChildData data) {
    boolean changed = switch (type) {
      case NODE_CREATED, NODE_CHANGED -> put(data);
      case NODE_DELETED -> remove(oldData);
    };
    if (changed && initialized.getCount() == 0) {
      onChange.run();
    }
  }

  private void onInitialized() {
    initialized.countDown();
    onChange.run();
  }

  private boolean put(ChildData data) {
    String id = serverIdOf(data);
    if (id == null) {
      return false;
    }
    try {
      ServerInfo info = ServerInfoJson.decode(data.getData());
      if (!info.id().equals(id)) {
        log.warn("Ignoring server znode {}: its data names server '{}'", data.getPath(), info.id());
        return servers.remove(id) != null;
      }
      return !info.equals(servers.put(id, info));
    } catch (IOException e) {
      log.warn("Ignoring server znode {}: unreadable data ({})", data.getPath(), e.getMessage());
      return servers.remove(id) != null;
    }
  }

  private boolean remove(ChildData data) {
    String id = serverIdOf(data);
    return id != null && servers.remove(id) != null;
  }

  /** The znode name when {@code data} is a direct child of {@code servers/}, otherwise null. */
  private String serverIdOf(ChildData data) {
    if (data == null) {
      return null;
    }
    ZKPaths.PathAndNode pathAndNode = ZKPaths.getPathAndNode(data.getPath());
    return serversPath.equals(pathAndNode.getPath()) ? pathAndNode.getNode() : null;
  }

  /** Sorted by id, immutable. */
  List<ServerInfo> liveServers() {
    return servers.values().stream().sorted(Comparator.comparing(ServerInfo::id)).toList();
  }

  Optional<ServerInfo> server(String id) {
    return Optional.ofNullable(id == null ? null : servers.get(id));
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
