package io.drover.scheduler.api;

import io.drover.scheduler.auth.ApiToken;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.auth.TokenStore;
import io.drover.scheduler.auth.TokenVerifier;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code /api/v1/tokens}, admin only: create a token (its plain text is answered once and never again), list tokens
 * (never their text or hash), revoke one.
 */
final class TokenRoutes {
  private final ApiDeps d;
  private final TokenVerifier verifier;

  /** @param verifier the running checker, told of revokes; null when authentication is turned off */
  TokenRoutes(ApiDeps d, TokenVerifier verifier) {
    this.d = d;
    this.verifier = verifier;
  }

  void register(Javalin app) {
    app.post("/api/v1/tokens", this::create);
    app.get("/api/v1/tokens", this::list);
    app.delete("/api/v1/tokens/{id}", this::revoke);
  }

  record CreateToken(String name, String scope) {}

  record CreatedView(long id, String name, String scope, long createdAt, String token) {}

  record TokenView(long id, String name, String scope, long createdAt, Long revokedAt) {}

  private void create(Context ctx) {
    Access.requireAdmin(ctx);
    CreateToken req = Bodies.read(ctx, d.json(), CreateToken.class);
    if (req.name() == null || req.name().isBlank() || req.name().length() > 128) {
      throw ApiException.badRequest("name is required, 1-128 characters");
    }
    TokenScope scope;
    try {
      scope = TokenScope.parse(req.scope());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (!scope.admin() && d.apps().find(scope.app()).isEmpty()) {
      throw ApiException.notFound("unknown app '" + scope.app() + "' (create the app first)");
    }
    TokenStore.Created c = d.tokens().create(req.name().trim(), scope, d.clock().getAsLong());
    ApiToken t = c.record();
    ctx.status(201).json(new CreatedView(t.id(), t.name(), t.scope().toString(), t.createdAt(), c.token()));
  }

  private void list(Context ctx) {
    Access.requireAdmin(ctx);
    ctx.json(d.tokens().list().stream()
        .map(t -> new TokenView(t.id(), t.name(), t.scope().toString(), t.createdAt(), t.revokedAt()))
        .toList());
  }

  private void revoke(Context ctx) {
    Access.requireAdmin(ctx);
    long id = Bodies.pathId(ctx, "id");
    if (!d.tokens().revoke(id, d.clock().getAsLong())) {
      throw ApiException.notFound("no active token with id " + id);
    }
    if (verifier != null) {
      verifier.forget(id);
    }
    ctx.status(204);
  }
}
