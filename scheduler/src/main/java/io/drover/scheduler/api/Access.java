package io.drover.scheduler.api;

import io.drover.scheduler.auth.TokenScope;
import io.javalin.http.Context;

/**
 * What the caller of a request may touch, as {@link BearerAuth} found it: routes ask here before they read or change
 * anything of an app, so a refused request changes nothing.
 */
final class Access {
  private static final String SCOPE = "drover.scope";
  private static final String TOKEN = "drover.token";

  private Access() {}

  static void grant(Context ctx, TokenScope scope, String tokenName) {
    ctx.attribute(SCOPE, scope);
    ctx.attribute(TOKEN, tokenName);
  }

  /** The caller's scope; a request that passed no authentication step is refused. */
  static TokenScope scope(Context ctx) {
    TokenScope s = ctx.attribute(SCOPE);
    if (s == null) {
      throw ApiException.unauthorized("this request was not authenticated");
    }
    return s;
  }

  /** Refuses with 403 unless the caller may act on {@code app}. */
  static void requireApp(Context ctx, String app) {
    TokenScope s = scope(ctx);
    if (!s.allows(app)) {
      throw ApiException.forbidden(who(ctx, s) + " may act on app '" + s.app() + "' only, not on app '" + app + "'");
    }
  }

  /** Refuses with 403 unless the caller holds an admin token. */
  static void requireAdmin(Context ctx) {
    TokenScope s = scope(ctx);
    if (!s.admin()) {
      throw ApiException.forbidden(ctx.method() + " " + ctx.path() + " needs an admin token; " + who(ctx, s)
          + " is limited to app '" + s.app() + "'");
    }
  }

  private static String who(Context ctx, TokenScope s) {
    String name = ctx.attribute(TOKEN);
    return "token " + (name == null ? "" : "'" + name + "' ") + "(scope " + s + ")";
  }
}
