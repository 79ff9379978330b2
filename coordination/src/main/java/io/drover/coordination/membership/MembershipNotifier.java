package io.drover.coordination.membership;

import io.drover.coordination.CallbackQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns "the server list may have changed" into one log line per server that joined or left and one
 * {@link MembershipListener#membersChanged} call per real change, all on one callback thread.
 */
final class MembershipNotifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MembershipNotifier.class);

  private final String selfId;
  private final Supplier<List<ServerInfo>> live;
  private final CallbackQueue callbacks;
  /** Touched only on the callback thread. */
  private final List<MembershipListener> listeners = new ArrayList<>();
  /** Touched only on the callback thread; null until the first refresh. */
  private List<ServerInfo> last;

  MembershipNotifier(String selfId, Supplier<List<ServerInfo>> live) {
    this.selfId = selfId;
    this.live = live;
    this.callbacks = new CallbackQueue("drover-membership-" + selfId);
  }

  /** Adds a listener; once the server list is known it is told the current list, then every change. */
  void addListener(MembershipListener listener) {
    callbacks.submit("addListener", () -> {
      listeners.add(listener);
      if (last != null) {
        deliver(listener, last);
      }
    });
  }

  /** Compares the current list with the last one delivered, on the callback thread. */
  void refresh() {
    callbacks.submit("refresh", this::refreshNow);
  }

  private void refreshNow() {
    List<ServerInfo> now = live.get();
    if (now.equals(last)) {
      return;
    }
    Map<String, ServerInfo> before = index(last == null ? List.of() : last);
    Map<String, ServerInfo> after = index(now);
    after.forEach((id, info) -> {
      if (!before.containsKey(id)) {
        log.info("Server joined: {} (http {}, transport {}, version {}); live: {} [seen by {}]",
            id, info.httpAddress(), info.transportAddress(), info.version(), after.keySet(), selfId);
      } else if (!before.get(id).equals(info)) {
        log.debug("Server changed: {} -> {} [seen by {}]", before.get(id), info, selfId);
      }
    });
    before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(id ->
        log.info("Server left: {}; live: {} [seen by {}]", id, after.keySet(), selfId));
    last = now;
    for (MembershipListener listener : listeners) {
      deliver(listener, now);
    }
  }

  private void deliver(MembershipListener listener, List<ServerInfo> servers) {
    try {
      listener.membersChanged(servers);
    } catch (RuntimeException e) {
      log.error("Membership listener {} failed on {} [server {}]", listener, servers, selfId, e);
    }
  }

  private static Map<String, ServerInfo> index(List<ServerInfo> servers) {
    return servers.stream().collect(Collectors.toMap(ServerInfo::id, Function.identity(), (a, b) -> a,
        LinkedHashMap::new));
  }

  boolean isTerminated() {
    return callbacks.isTerminated();
  }

  @Override
  public void close() {
    callbacks.close();
  }
}
