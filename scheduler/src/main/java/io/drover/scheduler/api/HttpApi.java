package io.drover.scheduler.api;

import io.drover.scheduler.auth.TokenVerifier;
import io.drover.scheduler.job.InvalidJobException;
import io.drover.scheduler.store.DatabaseErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API ({@code /api/v1}, JSON), {@code /health} and {@code /metrics}. Every {@code /api/v1} request is
 * authenticated first ({@link BearerAuth}); {@code /health} and {@code /metrics} stay open for probes and scrapers.
 * Every error answers with the contract's error JSON; an unexpected failure is logged once here and answered 500,
 * and the server keeps serving.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final Javalin app;

  /** @param authEnabled false lets every caller act as an admin, without a token (closed test setups only) */
  public HttpApi(ApiDeps deps, String serverId, String bindHost, int port, long maxRequestBytes,
                 boolean authEnabled) {
    app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.http.maxRequestSize = maxRequestBytes;
      cfg.jsonMapper(new JavalinJackson(deps.json(), false));
    });
    if (!authEnabled) {
      log.warn("HTTP API authentication is turned off (drover.api.auth.enabled=false): anyone who reaches the HTTP"
          + " port can change every app");
    }
    TokenVerifier verifier = authEnabled
        ? new TokenVerifier(deps.tokens(), deps.clock(), TokenVerifier.DEFAULT_CACHE_MS) : null;
    app.before("/api/v1/*", new BearerAuth(verifier));
    LeaderForwarder forwarder = new LeaderForwarder(serverId);
    AppViews appViews = new AppViews(deps);
    new AppRoutes(deps, forwarder, appViews).register(app);
    new JobRoutes(deps, forwarder).register(app);
    new InstanceRoutes(deps, forwarder).register(app);
    new ClusterRoutes(deps, appViews).register(app);
    new TokenRoutes(deps, verifier).register(app);

    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    app.exception(InvalidJobException.class, (e, ctx) -> error(ctx, 400, "BAD_REQUEST", e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()),
        e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      if (DatabaseErrors.isOutage(e)) {
        log.warn("{} {} failed: the database is unavailable: {}", ctx.method(), ctx.path(), DatabaseErrors.reason(e));
        error(ctx, 503, "DATABASE_UNAVAILABLE", "the database is unavailable; retry shortly ("
            + DatabaseErrors.reason(e) + ")");
        return;
      }
      log.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "INTERNAL", e.getClass().getSimpleName() + ": " + e.getMessage());
    });
    app.error(404, ctx -> {
      if (!isJson(ctx)) {
        error(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> {
      if (!isJson(ctx)) {
        error(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path());
      }
    });
    try {
      app.start(bindHost, port);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the HTTP API on " + bindHost + ":" + port + ": "
          + e.getMessage(), e);
    }
  }

  private static boolean isJson(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("application/json");
  }

  private static void error(Context ctx, int status, String code, String message) {
    ctx.status(status).json(ErrorBody.of(code, message));
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHORIZED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      default -> status >= 500 ? "INTERNAL" : "HTTP_" + status;
    };
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
