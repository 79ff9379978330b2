package io.drover.coordination;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Builds the one Curator client a process uses. The client uses the standard connection-state error policy:
 * SUSPENDED counts as an error, so leader latches drop leadership as soon as the connection is in doubt.
 */
public final class CuratorClients {

  private static final int RETRY_BASE_SLEEP_MS = 200;
  private static final int RETRY_MAX_RETRIES = 10;
  private static final int RETRY_MAX_SLEEP_MS = 5_000;

  private CuratorClients() {
  }

  /**
   * Builds, starts and waits (up to {@code connectTimeoutMs}) for a connected client.
   *
   * @throws IllegalStateException with the connect string when it cannot connect in time (the client is closed)
   * @throws IllegalArgumentException on a blank connect string or non-positive timeouts
   */
  public static CuratorFramework connect(String connectString, int sessionTimeoutMs, int connectTimeoutMs) {
    if (connectString == null || connectString.isBlank()) {
      throw new IllegalArgumentException("ZooKeeper connect string is empty");
    }
    if (sessionTimeoutMs <= 0 || connectTimeoutMs <= 0) {
      throw new IllegalArgumentException("ZooKeeper timeouts must be positive: sessionTimeoutMs="
          + sessionTimeoutMs + ", connectTimeoutMs=" + connectTimeoutMs);
    }
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(connectString)
        .sessionTimeoutMs(sessionTimeoutMs)
        .connectionTimeoutMs(connectTimeoutMs)
        .retryPolicy(new ExponentialBackoffRetry(RETRY_BASE_SLEEP_MS, RETRY_MAX_RETRIES, RETRY_MAX_SLEEP_MS))
        .connectionStateErrorPolicy(new StandardConnectionStateErrorPolicy())
        .build();
    client.start();
    boolean connected;
    try {
      connected = client.blockUntilConnected(connectTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new IllegalStateException("interrupted while connecting to ZooKeeper at '" + connectString + "'", e);
    }
    if (!connected) {
      client.close();
      throw new IllegalStateException("could not connect to ZooKeeper at '" + connectString + "' within "
          + connectTimeoutMs + " ms");
    }
    return client;
  }
}
