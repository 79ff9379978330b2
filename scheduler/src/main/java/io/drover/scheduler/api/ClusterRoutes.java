package io.drover.scheduler.api;

import io.drover.coordination.membership.ServerInfo;
import io.drover.scheduler.store.App;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/cluster} and {@code /health}. */
final class ClusterRoutes {
  private final ApiDeps d;

  ClusterRoutes(ApiDeps d) {
    this.d = d;
  }

  void register(Javalin app) {
    app.get("/api/v1/cluster", ctx -> ctx.json(cluster()));
    app.get("/health", ctx -> {
      Map<String, Object> h = new LinkedHashMap<>();
      boolean up = d.cluster().healthy();
      h.put("status", up ? "UP" : "DOWN");
      h.putAll(d.cluster().health());
      ctx.status(up ? 200 : 503).json(h);
    });
  }

  record ServerView(String id, String host, int httpPort, int transportPort, String version, List<String> apps) {}

  record AppView(String name, String leader, long epoch, Integer workers) {}

  record Cluster(List<ServerView> servers, List<AppView> apps) {}

  private Cluster cluster() {
    List<App> apps = d.apps().all();
    Map<String, List<String>> led = new LinkedHashMap<>();
    List<AppView> appViews = new ArrayList<>();
    for (App a : apps) {
      String leader = d.cluster().leaderOf(a.name()).map(ServerInfo::id).orElse(null);
      if (leader != null) {
        led.computeIfAbsent(leader, k -> new ArrayList<>()).add(a.name());
      }
      appViews.add(new AppView(a.name(), leader, a.leaderEpoch(),
          d.leaders().leads(a.name()) ? d.workers().count(a.name()) : null));
    }
    List<ServerView> servers = new ArrayList<>();
    for (ServerInfo s : d.cluster().servers()) {
      servers.add(new ServerView(s.id(), s.host(), s.httpPort(), s.transportPort(), s.version(),
          led.getOrDefault(s.id(), List.of())));
    }
    return new Cluster(servers, appViews);
  }
}
