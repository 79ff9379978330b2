package io.drover.scheduler.dispatch;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where the transport finds the key that workers of an app prove in HELLO (the SHA-256 of the app secret). */
public interface AppKeys {
  /** The app's key, empty when no such app exists; completes exceptionally when it cannot be read now. */
  CompletableFuture<Optional<byte[]>> keyOf(String app);
}
