package io.drover.scheduler.api;

import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.leader.NotLeaderException;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.DuplicateException;
import io.drover.scheduler.store.InstanceStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;


/** {@code /api/v1/jobs}: job definitions and API runs. An app token reaches its app's jobs only. */
final class JobRoutes {
  private final ApiDeps d;
  private final LeaderForwarder forwarder;

  JobRoutes(ApiDeps d, LeaderForwarder forwarder) {
    this.d = d;
    this.forwarder = forwarder;
  }

  void register(Javalin app) {
    app.post("/api/v1/jobs", this::create);
    app.get("/api/v1/jobs", this::list);
    app.get("/api/v1/jobs/{id}", ctx -> ctx.json(JobView.of(job(ctx))));
    app.put("/api/v1/jobs/{id}", this::update);
    app.delete("/api/v1/jobs/{id}", this::delete);
    app.post("/api/v1/jobs/{id}/enable", ctx -> setEnabled(ctx, true));
    app.post("/api/v1/jobs/{id}/disable", ctx -> setEnabled(ctx, false));
    app.post("/api/v1/jobs/{id}/run", this::run);
  }

  record RunRequest(String params, Long delayMs) {}

  record RunResponse(long instanceId) {}

  private void create(Context ctx) {
    JobRequest req = Bodies.read(ctx, d.json(), JobRequest.class);
    if (req.app() != null && !req.app().isBlank()) {
      Access.requireApp(ctx, req.app());
    }
    App app = app(req.app());
    Job job = JobValidator.toJob(req, app, null, d.clock().getAsLong());
    try {
      ctx.status(201).json(JobView.of(d.jobs().create(job)));
    } catch (DuplicateException e) {
      throw new ApiException(409, "CONFLICT", e.getMessage());
    }
  }

  /** Without {@code ?app=}, an app token lists its own app's jobs (an admin lists all). */
  private void list(Context ctx) {
    String appName = ctx.queryParam("app");
    TokenScope scope = Access.scope(ctx);
    List<Job> jobs;
    if (appName != null && !appName.isBlank()) {
      Access.requireApp(ctx, appName);
      jobs = d.jobs().byApp(app(appName).id());
    } else if (scope.admin()) {
      jobs = d.jobs().all();
    } else {
      jobs = d.apps().find(scope.app()).map(a -> d.jobs().byApp(a.id())).orElse(List.of());
    }
    ctx.json(jobs.stream().map(JobView::of).toList());
  }

  private void update(Context ctx) {
    Job existing = job(ctx);
    JobRequest req = Bodies.read(ctx, d.json(), JobRequest.class);
    if (req.app() != null && !req.app().equals(existing.app())) {
      throw ApiException.badRequest("a job cannot move to another app (job " + existing.id() + " belongs to '"
          + existing.app() + "')");
    }
    App app = app(existing.app());
    Job updated = JobValidator.toJob(req, app, existing, d.clock().getAsLong());
    try {
      if (!d.jobs().update(updated)) {
        throw ApiException.notFound("job " + existing.id() + " does not exist");
      }
    } catch (DuplicateException e) {
      throw new ApiException(409, "CONFLICT", e.getMessage());
    }
    ctx.json(JobView.of(d.jobs().find(existing.id()).orElseThrow()));
  }

  private void delete(Context ctx) {
    long id = job(ctx).id();
    if (!d.jobs().delete(id)) {
      throw ApiException.notFound("job " + id + " does not exist");
    }
    ctx.status(204);
  }

  private void setEnabled(Context ctx, boolean enabled) {
    Job j = job(ctx);
    if (j.enabled() != enabled) {
      JobRequest req = new JobRequest(j.id(), j.app(), j.name(), j.description(), j.scheduleType().name(),
          j.scheduleExpr(), j.timeZone(), j.processor(), j.params(), j.mode().name(), j.dispatchStrategy(),
          j.workerSelector(), j.maxInstances(), j.overlapPolicy(), j.timeoutMs(), j.maxAttempts(),
          j.retryBackoffMs(), j.misfirePolicy(), enabled, null, j.startAt(), j.endAt());
      d.jobs().update(JobValidator.toJob(req, app(j.app()), j, d.clock().getAsLong()));
    }
    ctx.json(JobView.of(d.jobs().find(j.id()).orElseThrow()));
  }

  private void run(Context ctx) {
    Job job = job(ctx);
    RunRequest req = ctx.body().isBlank() ? new RunRequest(null, null) : Bodies.read(ctx, d.json(), RunRequest.class);
    long delay = req.delayMs() == null ? 0 : req.delayMs();
    if (delay < 0) {
      throw ApiException.badRequest("delayMs must not be negative");
    }
    String key = ctx.header("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > 128)) {
      throw ApiException.badRequest("Idempotency-Key must be 1-128 characters");
    }
    try {
      JobValidator.checkParams(req.params());
      InstanceStore.Created c = d.leaders().run(job, req.params(), delay, key);
      ctx.status(202).json(new RunResponse(c.instance().id()));
    } catch (NotLeaderException e) {
      forwarder.forwardOrFail(ctx, e.leader(), e.getMessage());
    }
  }

  /** The job named by the path, once the caller is known to be allowed to act on its app. */
  private Job job(Context ctx) {
    long id = Bodies.pathId(ctx, "id");
    Job job = d.jobs().find(id).orElseThrow(() -> ApiException.notFound("job " + id + " does not exist"));
    Access.requireApp(ctx, job.app());
    return job;
  }

  private App app(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("app is required");
    }
    return d.apps().find(name).orElseThrow(() -> ApiException.notFound("unknown app '" + name + "'"));
  }

}
