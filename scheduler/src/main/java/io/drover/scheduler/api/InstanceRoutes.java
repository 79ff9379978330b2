package io.drover.scheduler.api;

import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.store.InstanceQuery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;

/** {@code /api/v1/instances}: run history, newest first. */
final class InstanceRoutes {
  private static final int DEFAULT_LIMIT = 100;

  private final ApiDeps d;

  InstanceRoutes(ApiDeps d) {
    this.d = d;
  }

  void register(Javalin app) {
    app.get("/api/v1/instances", this::list);
    app.get("/api/v1/instances/{id}", this::get);
  }

  private void list(Context ctx) {
    Long limit = Bodies.queryLong(ctx, "limit");
    if (limit != null && (limit < 1 || limit > InstanceQuery.MAX_LIMIT)) {
      throw ApiException.badRequest("limit must be in 1.." + InstanceQuery.MAX_LIMIT + ", got " + limit);
    }
    String app = ctx.queryParam("app");
    if (app != null && !app.isBlank() && d.apps().find(app).isEmpty()) {
      throw ApiException.notFound("unknown app '" + app + "'");
    }
    InstanceQuery q = new InstanceQuery(Bodies.queryLong(ctx, "jobId"), app == null || app.isBlank() ? null : app,
        status(ctx.queryParam("status")), Bodies.queryLong(ctx, "before"),
        limit == null ? DEFAULT_LIMIT : limit.intValue());
    ctx.json(d.instances().find(q).stream().map(InstanceView::of).toList());
  }

  private void get(Context ctx) {
    long id = Bodies.pathId(ctx, "id");
    ctx.json(InstanceView.of(d.instances().find(id)
        .orElseThrow(() -> ApiException.notFound("instance " + id + " does not exist"))));
  }

  private static InstanceStatus status(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return InstanceStatus.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("status must be one of " + Arrays.toString(InstanceStatus.values())
          + ", got \"" + v + "\"");
    }
  }
}
