package io.drover.scheduler.api;

import io.drover.scheduler.auth.ApiToken;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.auth.TokenVerifier;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Runs before every {@code /api/v1} route: takes the {@code Authorization: Bearer <token>} header, checks the token
 * and records its scope for the route ({@link Access}). No token, or an unknown or revoked one, is answered 401 and
 * the route does not run. With authentication turned off every caller is an admin.
 */
final class BearerAuth implements Handler {
  private static final String PREFIX = "Bearer ";

  private final TokenVerifier verifier;

  /** @param verifier the token checker, or null when authentication is turned off */
  BearerAuth(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void handle(Context ctx) {
    if (verifier == null) {
      Access.grant(ctx, TokenScope.ADMIN, null);
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"drover\"");
      throw ApiException.unauthorized("an API token is required: send the header 'Authorization: Bearer <token>'"
          + " (create one with droverctl token create)");
    }
    ApiToken token = verifier.verify(header.substring(PREFIX.length()).trim()).orElseThrow(() -> {
      ctx.header("WWW-Authenticate", "Bearer realm=\"drover\", error=\"invalid_token\"");
      return ApiException.unauthorized("the API token is unknown or revoked");
    });
    Access.grant(ctx, token.scope(), token.name());
  }
}
