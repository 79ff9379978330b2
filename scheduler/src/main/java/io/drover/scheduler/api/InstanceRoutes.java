package io.drover.scheduler.api;

import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceStatus;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.leader.NotLeaderException;
import io.drover.scheduler.store.InstanceLogStore;
import io.drover.scheduler.store.InstanceQuery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code /api/v1/instances}: run history, newest first, and each instance's log. An app token reaches its app's
 * instances only; listing without {@code ?app=} lists its own app's.
 */
final class InstanceRoutes {
  private static final int DEFAULT_LIMIT = 100;

  private final ApiDeps d;
  private final LeaderForwarder forwarder;

  InstanceRoutes(ApiDeps d, LeaderForwarder forwarder) {
    this.d = d;
    this.forwarder = forwarder;
  }

  record Accepted(long instanceId) {}

  void register(Javalin app) {
    app.get("/api/v1/instances", this::list);
    app.get("/api/v1/instances/{id}", this::get);
    app.post("/api/v1/instances/{id}/stop", this::stop);
    app.post("/api/v1/instances/{id}/retry", this::retry);
    app.get("/api/v1/instances/{id}/log", this::log);
    app.get("/api/v1/instances/{id}/attempts", ctx -> ctx.json(d.instances().attempts(instance(ctx)).stream()
        .map(a -> new AttemptView(a.attempt(), a.status().name(), a.worker(), a.result(), a.dispatchedAt(),
            a.startedAt(), a.finishedAt())).toList()));
  }

  record AttemptView(int attempt, String status, String worker, String result, Long dispatchedAt, Long startedAt,
                     long finishedAt) {}

  /** The instance named by the path, once the caller is known to be allowed to act on its app. */
  private Instance instance(Context ctx) {
    long id = Bodies.pathId(ctx, "id");
    Instance i = d.instances().find(id).orElseThrow(() -> ApiException.notFound("instance " + id
        + " does not exist"));
    Access.requireApp(ctx, i.app());
    return i;
  }

  private void stop(Context ctx) {
    Instance i = instance(ctx);
    if (i.status().terminal()) {
      throw new ApiException(409, "CONFLICT", "instance " + i.id() + " has ended already (" + i.status() + ")");
    }
    try {
      if (!d.leaders().stop(i, "stopped through the API")) {
        throw new ApiException(409, "CONFLICT", "instance " + i.id() + " is not running on the leader of app '"
            + i.app() + "' (it may have just ended)");
      }
      ctx.status(202).json(new Accepted(i.id()));
    } catch (NotLeaderException e) {
      forwarder.forwardOrFail(ctx, e.leader(), e.getMessage());
    }
  }

  private void retry(Context ctx) {
    Instance i = instance(ctx);
    if (!i.status().terminal()) {
      throw new ApiException(409, "CONFLICT", "instance " + i.id() + " has not ended (" + i.status()
          + "); stop it first");
    }
    Job job = d.jobs().find(i.jobId()).orElseThrow(() -> new ApiException(409, "CONFLICT", "job " + i.jobId()
        + " of instance " + i.id() + " was deleted"));
    try {
      ctx.status(202).json(new Accepted(d.leaders().retry(i, job).instance().id()));
    } catch (NotLeaderException e) {
      forwarder.forwardOrFail(ctx, e.leader(), e.getMessage());
    }
  }

  private void list(Context ctx) {
    Long limit = Bodies.queryLong(ctx, "limit");
    if (limit != null && (limit < 1 || limit > InstanceQuery.MAX_LIMIT)) {
      throw ApiException.badRequest("limit must be in 1.." + InstanceQuery.MAX_LIMIT + ", got " + limit);
    }
    String app = ctx.queryParam("app");
    Long jobId = Bodies.queryLong(ctx, "jobId");
    TokenScope scope = Access.scope(ctx);
    if (app != null && !app.isBlank()) {
      Access.requireApp(ctx, app);
      if (d.apps().find(app).isEmpty()) {
        throw ApiException.notFound("unknown app '" + app + "'");
      }
    } else if (!scope.admin()) {
      app = scope.app(); // an app token lists its own app's instances
    }
    if (jobId != null && !scope.admin()) {
      d.jobs().find(jobId).ifPresent(j -> Access.requireApp(ctx, j.app()));
    }
    InstanceQuery q = new InstanceQuery(jobId, app == null || app.isBlank() ? null : app,
        status(ctx.queryParam("status")), Bodies.queryLong(ctx, "before"),
        limit == null ? DEFAULT_LIMIT : limit.intValue());
    ctx.json(d.instances().find(q).stream().map(InstanceView::of).toList());
  }

  private void get(Context ctx) {
    Instance i = instance(ctx);
    ctx.json(InstanceView.of(i, d.instances().progress(i.id()).orElse(null)));
  }

  /** A page of the instance's log, read from the database: any server answers, no forwarding. */
  private void log(Context ctx) {
    Instance i = instance(ctx);
    Long after = Bodies.queryLong(ctx, "after");
    if (after != null && after < 0) {
      throw ApiException.badRequest("after must be 0 or more, got " + after);
    }
    Long limit = Bodies.queryLong(ctx, "limit");
    if (limit != null && (limit < 1 || limit > InstanceLogStore.MAX_LIMIT)) {
      throw ApiException.badRequest("limit must be in 1.." + InstanceLogStore.MAX_LIMIT + ", got " + limit);
    }
    ctx.json(d.logs().after(i.id(), after == null ? 0 : after,
        limit == null ? InstanceLogStore.DEFAULT_LIMIT : limit.intValue()));
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
