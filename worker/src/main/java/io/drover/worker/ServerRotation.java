package io.drover.worker;

import java.util.List;

/**
 * Which server to connect to next: a redirect target once when one is pending, otherwise the configured servers in
 * order, round and round. Used from the connection's event loop only.
 */
final class ServerRotation {
  private final List<ServerAddress> servers;
  private int next;
  private ServerAddress redirect;

  ServerRotation(List<ServerAddress> servers) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no servers to rotate through");
    }
    this.servers = List.copyOf(servers);
  }

  ServerAddress next() {
    if (redirect != null) {
      ServerAddress r = redirect;
      redirect = null;
      return r;
    }
    ServerAddress s = servers.get(next);
    next = (next + 1) % servers.size();
    return s;
  }

  /** The next {@link #next()} returns this address, then the list resumes where it was. */
  void redirectTo(ServerAddress target) {
    redirect = target;
  }
}
