package io.drover.scheduler.api;

import io.drover.coordination.membership.ServerInfo;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends a request that needs an app's leader to that leader and copies its answer back. A forwarded request is
 * marked so that it is never forwarded twice (two servers disagreeing for a moment cannot loop).
 */
final class LeaderForwarder {
  static final String FORWARDED = "X-Drover-Forwarded-By";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String serverId;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  LeaderForwarder(String serverId) {
    this.serverId = serverId;
  }

  static boolean wasForwarded(Context ctx) {
    return ctx.header(FORWARDED) != null;
  }

  /**
   * Sends the request to the app's leader when one is known, is another server, and the request was not
   * forwarded already; otherwise answers 503 NO_LEADER with {@code message}.
   */
  void forwardOrFail(Context ctx, Optional<ServerInfo> leader, String message) {
    if (leader.isPresent() && !wasForwarded(ctx) && !leader.get().id().equals(serverId)) {
      forward(ctx, leader.get());
      return;
    }
    throw new ApiException(503, "NO_LEADER", message);
  }

  void forward(Context ctx, ServerInfo leader) {
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    URI uri = URI.create("http://" + leader.host() + ":" + leader.httpPort() + ctx.path() + query);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header(FORWARDED, serverId)
        .header("Content-Type", "application/json")
        .method(ctx.method().name(), ctx.body().isEmpty()
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(ctx.body()));
    for (String name : new String[] {"Idempotency-Key", "Authorization"}) {
      String value = ctx.header(name);
      if (value != null) {
        b.header(name, value); // the leader checks the caller's token itself
      }
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      ctx.status(r.statusCode()).contentType("application/json").result(r.body());
    } catch (IOException e) {
      throw new ApiException(503, "LEADER_UNREACHABLE", "the leader " + leader.id() + " at " + leader.host() + ":"
          + leader.httpPort() + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "LEADER_UNREACHABLE", "interrupted while forwarding to " + leader.id());
    }
  }
}
