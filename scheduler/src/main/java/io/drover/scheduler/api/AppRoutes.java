package io.drover.scheduler.api;

import io.drover.scheduler.dispatch.WorkerSession;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.DuplicateException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /api/v1/apps}: create (admin) and list apps, list an app's workers. An app token sees its app only. */
final class AppRoutes {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final ApiDeps d;
  private final LeaderForwarder forwarder;
  private final AppViews views;

  AppRoutes(ApiDeps d, LeaderForwarder forwarder, AppViews views) {
    this.d = d;
    this.forwarder = forwarder;
    this.views = views;
  }

  void register(Javalin app) {
    app.post("/api/v1/apps", this::create);
    app.get("/api/v1/apps", ctx -> ctx.json(views.visibleTo(Access.scope(ctx))));
    app.get("/api/v1/apps/{app}/workers", this::workers);
  }

  record CreateApp(String name, String secret) {}

  record WorkerView(String id, String address, Map<String, String> labels, double load, int running) {}

  private void create(Context ctx) throws Exception {
    Access.requireAdmin(ctx);
    CreateApp req = Bodies.read(ctx, d.json(), CreateApp.class);
    if (req.name() == null || !NAME.matcher(req.name()).matches()) {
      throw ApiException.badRequest("name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter"
          + " or digit; got " + (req.name() == null ? "nothing" : "\"" + req.name() + "\""));
    }
    if (req.secret() == null || req.secret().length() < 8) {
      throw ApiException.badRequest("secret is required, at least 8 characters");
    }
    App created;
    try {
      created = d.apps().create(req.name(), req.secret(), d.clock().getAsLong());
    } catch (DuplicateException e) {
      d.cluster().registerApp(req.name()); // a create that failed after its insert is completed by a retry
      throw new ApiException(409, "CONFLICT", e.getMessage());
    }
    d.cluster().registerApp(created.name());
    ctx.status(201).json(new AppViews.AppView(created.name(), null, 0, 0));
  }

  private void workers(Context ctx) {
    String name = ctx.pathParam("app");
    Access.requireApp(ctx, name);
    if (d.apps().find(name).isEmpty()) {
      throw ApiException.notFound("unknown app '" + name + "'");
    }
    if (!d.leaders().leads(name)) {
      forwarder.forwardOrFail(ctx, d.cluster().leaderOf(name), "app '" + name
          + "' has no leader right now; retry shortly");
      return;
    }
    List<WorkerView> out = new ArrayList<>();
    for (WorkerSession w : d.workers().workers(name)) {
      out.add(new WorkerView(w.workerId(), w.address(), w.labels(), w.load(), w.inFlight()));
    }
    ctx.json(out);
  }
}
