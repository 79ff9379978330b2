package io.drover.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * A server's transport address, {@code host:port}.
 *
 * @param host a host name or IP address (IPv6 literals without brackets)
 * @param port 1 to 65535
 */
record ServerAddress(String host, int port) {

  ServerAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("server host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("server port must be 1..65535, got " + port + " for host " + host);
    }
  }

  /** Parses {@code host:port} or {@code [ipv6]:port}. */
  static ServerAddress parse(String text) {
    String s = text == null ? "" : text.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("malformed server address '" + s + "': expected host:port");
    }
    String host = s.substring(0, colon).trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("malformed server address '" + s + "': write IPv6 hosts as [host]:port");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed server address '" + s + "': port is not a number", e);
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("malformed server address '" + s + "': host is blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("malformed server address '" + s + "': port must be 1..65535");
    }
    return new ServerAddress(host, port);
  }

  /** Parses a comma separated list of {@code host:port}; blank entries are skipped, an empty list is refused. */
  static List<ServerAddress> parseList(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("servers must list at least one host:port");
    }
    List<ServerAddress> list = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        list.add(parse(part));
      }
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("servers must list at least one host:port, got '" + text + "'");
    }
    return List.copyOf(list);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
