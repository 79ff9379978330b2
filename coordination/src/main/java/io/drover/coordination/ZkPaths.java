package io.drover.coordination;

import java.util.Objects;
import org.apache.curator.utils.PathUtils;

/**
 * Every ZooKeeper path Drover uses, under one root so that several clusters can share an ensemble.
 *
 * <pre>
 * {root}/servers/{serverId}      EPHEMERAL, JSON of the server (membership)
 * {root}/ids/n-{sequence}        EPHEMERAL_SEQUENTIAL, one per live server: its node index
 * {root}/apps/{app}              PERSISTENT, one per app, data {"app":"<name>"} (an empty one is not an app)
 * {root}/apps/{app}/latch/...    LeaderLatch participants, participant id = server id
 * {root}/apps/{app}/pin          optional: the server id that should lead the app
 * {root}/drain/{serverId}        optional: that server should give up all leadership
 * </pre>
 *
 * App names and server ids are validated ({@link Names}); a bad one raises {@link IllegalArgumentException}.
 */
public final class ZkPaths {

  public static final String DEFAULT_ROOT = "/drover";

  private final String root;

  /** Paths under {@link #DEFAULT_ROOT}. */
  public ZkPaths() {
    this(DEFAULT_ROOT);
  }

  /**
   * @param root an absolute path without a trailing slash, e.g. {@code /drover} or {@code /envs/test/drover}
   */
  public ZkPaths(String root) {
    if (root == null || !root.startsWith("/") || root.endsWith("/")) {
      throw new IllegalArgumentException(
          "invalid ZooKeeper root '" + root + "': it must start with '/' and must not end with '/'");
    }
    try {
      PathUtils.validatePath(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid ZooKeeper root '" + root + "': " + e.getMessage(), e);
    }
    this.root = root;
  }

  public String root() {
    return root;
  }

  public String servers() {
    return root + "/servers";
  }

  public String server(String id) {
    return servers() + "/" + Names.requireServerId(id);
  }

  public String apps() {
    return root + "/apps";
  }

  public String app(String name) {
    return apps() + "/" + Names.requireAppName(name);
  }

  public String latch(String app) {
    return app(app) + "/latch";
  }

  public String pin(String app) {
    return app(app) + "/pin";
  }

  /** Parent of the drain markers. */
  public String drains() {
    return root + "/drain";
  }

  public String drain(String serverId) {
    return drains() + "/" + Names.requireServerId(serverId);
  }

  /** Parent of the node-index tickets. */
  public String ids() {
    return root + "/ids";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZkPaths other && root.equals(other.root);
  }

  @Override
  public int hashCode() {
    return Objects.hash(root);
  }

  @Override
  public String toString() {
    return "ZkPaths[" + root + "]";
  }
}
