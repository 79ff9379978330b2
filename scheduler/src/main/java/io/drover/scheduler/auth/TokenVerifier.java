package io.drover.scheduler.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Checks bearer tokens against the {@link TokenStore}, remembering each answer (valid or not) for a short while so
 * that a busy client does not cost a database query per request. The price: a token revoked on another server keeps
 * working here for up to the cache time; a revoke through this server takes effect at once ({@link #forget}).
 * A database failure is thrown, not cached, so it reads as an outage and never as a bad token.
 */
public final class TokenVerifier {
  public static final long DEFAULT_CACHE_MS = 5_000;
  private static final int MAX_ENTRIES = 10_000;

  private final TokenStore store;
  private final LongSupplier clock;
  private final long cacheMs;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>(); // token hash -> answer
  private final java.util.concurrent.atomic.AtomicLong revocations = new java.util.concurrent.atomic.AtomicLong();

  private record Entry(ApiToken token, long expiresAt) {}

  public TokenVerifier(TokenStore store, LongSupplier clock, long cacheMs) {
    this.store = store;
    this.clock = clock;
    this.cacheMs = cacheMs;
  }

  /** The active token with this plain text, or empty when it is unknown or revoked. */
  public Optional<ApiToken> verify(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    String key = TokenStore.hash(token);
    long now = clock.getAsLong();
    Entry e = cache.get(key);
    if (e != null && now < e.expiresAt()) {
      return Optional.ofNullable(e.token());
    }
    long revokes = revocations.get();
    Optional<ApiToken> found = store.findActive(token);
    if (cache.size() >= MAX_ENTRIES) {
      // many distinct tokens (a scan with made-up ones): drop the refusals first, keep the tokens in use
      cache.values().removeIf(entry -> entry.token() == null);
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
    }
    if (revocations.get() == revokes) { // a revoke during the read may have made this answer stale: no caching
      cache.put(key, new Entry(found.orElse(null), now + cacheMs));
    }
    return found;
  }

  /** Drops what is remembered of the token with this id (it was just revoked). */
  public void forget(long tokenId) {
    revocations.incrementAndGet();
    cache.values().removeIf(e -> e.token() != null && e.token().id() == tokenId);
  }
}
