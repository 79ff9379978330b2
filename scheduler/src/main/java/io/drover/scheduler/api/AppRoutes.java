package io.drover.scheduler.api;

import io.drover.coordination.membership.ServerInfo;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.dispatch.WorkerSession;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.DuplicateException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code /api/v1/apps}: create (admin) and list apps, list an app's workers. An app token sees its app only. */
final class AppRoutes {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final ApiDeps d;
  private final LeaderForwarder forwarder;

  AppRoutes(ApiDeps d, LeaderForwarder forwarder) {
    this.d = d;
    this.forwarder = forwarder;
  }

  void register(Javalin app) {
    app.post("/api/v1/apps", this::create);
    app.get("/api/v1/apps", ctx -> ctx.json(list(Access.scope(ctx))));
    app.get("/api/v1/apps/{app}/workers", this::workers);
  }

  record CreateApp(String name, String secret) {}

  record AppView(String name, String leader, long epoch, Integer workers) {}

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
    ctx.status(201).json(new AppView(created.name(), null, 0, 0));
  }

  private List<AppView> list(TokenScope scope) {
    List<AppView> out = new ArrayList<>();
    for (App a : d.apps().all()) {
      if (!scope.allows(a.name())) {
        continue;
      }
      Optional<ServerInfo> leader = d.cluster().leaderOf(a.name());
      boolean local = d.leaders().leads(a.name());
      out.add(new AppView(a.name(), leader.map(ServerInfo::id).orElse(null), a.leaderEpoch(),
          local ? d.workers().count(a.name()) : null));
    }
    return out;
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
