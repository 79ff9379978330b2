package io.drover.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.coordination.membership.ServerInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Estimates each peer's clock offset from this server's: asks its {@code /health} for its time and takes the
 * middle of the round trip. Results are kept for a while, so the cluster view stays cheap.
 */
public final class PeerClocks {
  private static final long CACHE_MS = 10_000;
  /** Clock offsets above this between servers are flagged: fire times and timeouts assume agreeing clocks. */
  public static final long SKEW_WARN_MS = 500;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ObjectMapper json;
  private final LongSupplier clock;
  private final Map<String, long[]> cache = new ConcurrentHashMap<>(); // id -> {measuredAt, offset}

  public PeerClocks(ObjectMapper json, LongSupplier clock) {
    this.json = json;
    this.clock = clock;
  }

  /** The peer's clock minus ours in ms, or null when it cannot be measured now. */
  public Long offsetOf(ServerInfo peer) {
    long now = clock.getAsLong();
    long[] cached = cache.get(peer.id());
    if (cached != null && now - cached[0] < CACHE_MS) {
      return cached[1];
    }
    try {
      long sent = clock.getAsLong();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":"
          + peer.httpPort() + "/health")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
      long received = clock.getAsLong();
      JsonNode time = json.readTree(r.body()).path("time");
      if (!time.isNumber()) {
        return null;
      }
      long offset = time.asLong() - (sent + received) / 2;
      cache.put(peer.id(), new long[] {received, offset});
      return offset;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
