package io.drover.scheduler.auth;

import io.drover.scheduler.dispatch.AppKeys;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.AppStore;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Apps' worker keys (the stored SHA-256 of each app secret) read from the database on a background executor and
 * kept for a short while, so a burst of reconnecting workers costs one read per app, and the transport's event
 * loop never waits for the database. An unknown app is remembered briefly too.
 */
public final class AppKeyCache implements AppKeys {
  static final long TTL_MS = 30_000;
  static final long MISSING_TTL_MS = 2_000;
  static final int MAX_ENTRIES = 10_000;

  private record Entry(Optional<byte[]> key, long readAt) {}

  private final AppStore apps;
  private final Executor executor;
  private final LongSupplier clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Optional<byte[]>>> reading = new ConcurrentHashMap<>();

  public AppKeyCache(AppStore apps, Executor executor, LongSupplier clock) {
    this.apps = apps;
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Optional<byte[]>> keyOf(String app) {
    Entry e = cache.get(app);
    long now = clock.getAsLong();
    if (e != null && now - e.readAt() < (e.key().isPresent() ? TTL_MS : MISSING_TTL_MS)) {
      return CompletableFuture.completedFuture(e.key());
    }
    // one read per app at a time, however many workers of it say HELLO at once
    try {
      return read(app);
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      return CompletableFuture.failedFuture(new IllegalStateException("too many credential checks waiting"));
    }
  }

  private CompletableFuture<Optional<byte[]>> read(String app) {
    return reading.computeIfAbsent(app, a -> {
      CompletableFuture<Optional<byte[]>> f = CompletableFuture.supplyAsync(() -> {
        Optional<byte[]> key = apps.find(a).map(App::secretHash).map(HexFormat.of()::parseHex);
        if (key.isPresent() || cache.size() < MAX_ENTRIES) { // unknown names cannot fill the cache
          cache.put(a, new Entry(key, clock.getAsLong()));
        }
        return key;
      }, executor);
      f.whenComplete((k, err) -> reading.remove(a));
      return f;
    });
  }
}
