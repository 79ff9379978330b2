package io.drover.scheduler.api;

import io.drover.coordination.membership.ServerInfo;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.store.App;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The apps as {@code GET /apps} and {@code GET /cluster} show them: name, leader, epoch and the leader's worker
 * count, the same from whichever server answers (a server asks the leading server for the count of an app it does
 * not lead).
 */
final class AppViews {
  /** One app. {@code workers} is null when the app has no leader or its leader cannot be asked now. */
  record AppView(String name, String leader, long epoch, Integer workers) {}

  private final ApiDeps d;
  private final PeerWorkers peers;

  AppViews(ApiDeps d) {
    this.d = d;
    this.peers = new PeerWorkers(d.json(), d.clock());
  }

  List<AppView> visibleTo(TokenScope scope) {
    List<AppView> out = new ArrayList<>();
    for (App a : d.apps().all()) {
      if (scope.allows(a.name())) {
        out.add(of(a));
      }
    }
    return out;
  }

  AppView of(App a) {
    Optional<ServerInfo> leader = d.cluster().leaderOf(a.name());
    Integer workers = null;
    if (d.leaders().leads(a.name())) {
      workers = d.workers().count(a.name());
    } else if (leader.isPresent()) {
      workers = peers.workersOf(leader.get(), a.name());
    }
    return new AppView(a.name(), leader.map(ServerInfo::id).orElse(null), a.leaderEpoch(), workers);
  }
}
