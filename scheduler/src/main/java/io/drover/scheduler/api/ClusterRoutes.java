package io.drover.scheduler.api;

import io.drover.coordination.membership.ServerInfo;
import io.drover.scheduler.store.App;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/cluster} (admin), and the open {@code /health} (ZooKeeper session, database, led apps and their
 * workers) and {@code /metrics} (Prometheus text).
 */
final class ClusterRoutes {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final ApiDeps d;
  private final PeerClocks clocks;
  private final AppViews views;

  ClusterRoutes(ApiDeps d, AppViews views) {
    this.d = d;
    this.clocks = new PeerClocks(d.json(), d.clock());
    this.views = views;
  }

  void register(Javalin app) {
    app.get("/api/v1/cluster", ctx -> {
      Access.requireAdmin(ctx);
      ctx.json(cluster());
    });
    app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(d.metrics().scrape()));
    app.get("/health", ctx -> {
      Map<String, Object> h = new LinkedHashMap<>();
      boolean up = d.cluster().healthy();
      h.put("status", up ? "UP" : "DOWN");
      h.put("time", d.clock().getAsLong());
      h.putAll(d.cluster().health());
      Map<String, Integer> workers = new TreeMap<>();
      d.leaders().ledApps().forEach(a -> workers.put(a, d.workers().count(a)));
      h.put("workers", workers);
      ctx.status(up ? 200 : 503).json(h);
    });
  }

  record ServerView(String id, String host, int httpPort, int transportPort, String version, List<String> apps,
                    Long clockOffsetMs) {}

  record Cluster(List<ServerView> servers, List<AppViews.AppView> apps, List<String> warnings) {}

  private Cluster cluster() {
    List<App> apps = d.apps().all();
    Map<String, List<String>> led = new LinkedHashMap<>();
    List<AppViews.AppView> appViews = new ArrayList<>();
    for (App a : apps) {
      AppViews.AppView view = views.of(a);
      if (view.leader() != null) {
        led.computeIfAbsent(view.leader(), k -> new ArrayList<>()).add(a.name());
      }
      appViews.add(view);
    }
    List<ServerView> servers = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    java.util.Set<String> versions = new java.util.TreeSet<>();
    for (ServerInfo s : d.cluster().servers()) {
      Long offset = s.id().equals(d.cluster().serverId()) ? Long.valueOf(0) : clocks.offsetOf(s);
      if (offset != null && Math.abs(offset) > PeerClocks.SKEW_WARN_MS) {
        warnings.add("clock of server " + s.id() + " is " + offset + " ms off this server's ("
            + d.cluster().serverId() + "); keep server clocks in sync (NTP)");
      }
      versions.add(s.version());
      servers.add(new ServerView(s.id(), s.host(), s.httpPort(), s.transportPort(), s.version(),
          led.getOrDefault(s.id(), List.of()), offset));
    }
    if (versions.size() > 1) {
      warnings.add("mixed server versions " + versions + " (fine during a rolling upgrade, not for long)");
    }
    return new Cluster(servers, appViews, warnings);
  }
}
