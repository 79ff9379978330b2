package io.drover.coordination.membership;

import io.drover.coordination.Names;
import java.util.Objects;

/**
 * What a server publishes about itself in {@code /drover/servers/{id}} (as JSON with exactly these fields).
 *
 * @param id            the server id, unique among live servers
 * @param host          the host name or address other servers and workers reach it on
 * @param httpPort      HTTP API port (default 7700)
 * @param transportPort worker transport port (default 7701)
 * @param version       the Drover version it runs
 * @param startedAt     process start, epoch milliseconds
 */
public record ServerInfo(String id, String host, int httpPort, int transportPort, String version, long startedAt) {

  public ServerInfo {
    Names.requireServerId(id);
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("server " + id + ": host is empty");
    }
    checkPort(id, "httpPort", httpPort);
    checkPort(id, "transportPort", transportPort);
    Objects.requireNonNull(version, "version");
  }

  private static void checkPort(String id, String name, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("server " + id + ": " + name + " " + port + " is not a port");
    }
  }

  /** {@code host:transportPort}, with an IPv6 host in brackets. */
  public String transportAddress() {
    return address(transportPort);
  }

  /** {@code host:httpPort}, with an IPv6 host in brackets. */
  public String httpAddress() {
    return address(httpPort);
  }

  private String address(int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
