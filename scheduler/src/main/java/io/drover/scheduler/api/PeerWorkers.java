package io.drover.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.coordination.membership.ServerInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many workers each app has on the server that leads it, asked of that server's {@code /health} (workers
 * connect to the leader only, so no other server knows). Answers are kept for {@value #CACHE_MS} ms, so a listing
 * costs at most one request per server, and a peer that does not answer within a second counts as unknown.
 */
final class PeerWorkers {
  static final long CACHE_MS = 2_000;

  private record Answer(long at, Map<String, Integer> workers) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ObjectMapper json;
  private final LongSupplier clock;
  private final Map<String, Answer> cache = new ConcurrentHashMap<>();

  PeerWorkers(ObjectMapper json, LongSupplier clock) {
    this.json = json;
    this.clock = clock;
  }

  /** The workers of {@code app} on {@code leader}, or null when that server cannot say now. */
  Integer workersOf(ServerInfo leader, String app) {
    long now = clock.getAsLong();
    Answer a = cache.get(leader.id());
    if (a == null || now - a.at() >= CACHE_MS) {
      a = new Answer(now, ask(leader));
      cache.put(leader.id(), a);
    }
    return a.workers() == null ? null : a.workers().get(app);
  }

  private Map<String, Integer> ask(ServerInfo peer) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":"
          + peer.httpPort() + "/health")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode workers = json.readTree(r.body()).path("workers");
      if (!workers.isObject()) {
        return null;
      }
      Map<String, Integer> out = new HashMap<>();
      workers.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
      return out;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
