package io.drover.scheduler.leader;

import io.drover.coordination.leader.LeadershipListener;
import io.drover.coordination.membership.ServerInfo;
import io.drover.protocol.Hello;
import io.drover.protocol.Redirect;
import io.drover.scheduler.dispatch.Admission;
import io.drover.scheduler.dispatch.WorkerGateway;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.store.App;
import io.drover.scheduler.store.InstanceStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps this server leads right now. Gaining an app bumps its fencing epoch before anything else, then starts
 * its runtime; losing it stops firing at once and disconnects its workers so they follow the new leader.
 */
public final class LeaderRuntimes implements LeadershipListener, WorkerGateway, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderRuntimes.class);
  private static final long RETRY_GAIN_MS = 2_000;

  private final String serverId;
  private final RuntimeContext ctx;
  private final Map<String, AppRuntime> runtimes = new ConcurrentHashMap<>();
  private volatile LeaderDirectory directory;

  public LeaderRuntimes(String serverId, RuntimeContext ctx) {
    this.serverId = serverId;
    this.ctx = ctx;
  }

  public void bind(LeaderDirectory directory) {
    this.directory = directory;
  }

  @Override
  public synchronized void leadershipGained(String appName) {
    if (runtimes.containsKey(appName)) {
      return;
    }
    Optional<App> app;
    long epoch;
    try {
      app = ctx.apps().find(appName);
      if (app.isEmpty()) {
        log.warn("Gained leadership of app {}, which has a znode but no database row; not leading it", appName);
        return;
      }
      epoch = ctx.apps().bumpEpoch(app.get().id(), serverId);
    } catch (RuntimeException e) {
      log.error("Gained leadership of app {} but cannot take its epoch from the database ({}); retrying in {} ms",
          appName, e.getMessage(), RETRY_GAIN_MS);
      ctx.ticker().schedule(() -> retryGain(appName), RETRY_GAIN_MS, TimeUnit.MILLISECONDS);
      return;
    }
    AppRuntime rt = new AppRuntime(app.get(), epoch, ctx);
    AppRuntime previous = runtimes.put(appName, rt);
    if (previous != null) {
      previous.close();
    }
    rt.start();
    log.info("Leading app {} at epoch {}", appName, epoch);
  }

  private void retryGain(String appName) {
    LeaderDirectory dir = directory;
    boolean stillLeader = dir != null && dir.leaderOf(appName).map(l -> l.id().equals(serverId)).orElse(false);
    if (stillLeader) {
      leadershipGained(appName);
    }
  }

  @Override
  public synchronized void leadershipLost(String appName) {
    AppRuntime rt = runtimes.remove(appName);
    if (rt != null) {
      rt.close();
      ctx.workers().disconnectAll(appName);
      log.info("Stopped leading app {} (epoch {})", appName, rt.epoch());
    }
  }

  @Override
  public Admission admit(Hello hello) {
    AppRuntime rt = runtimes.get(hello.app());
    if (rt != null) {
      return Admission.welcome(rt);
    }
    LeaderDirectory dir = directory;
    Optional<ServerInfo> leader = dir == null ? Optional.empty() : dir.leaderOf(hello.app());
    if (leader.isPresent() && !leader.get().id().equals(serverId)) {
      ServerInfo l = leader.get();
      return Admission.redirect(new Redirect(l.host(), l.transportPort(), l.id()));
    }
    if (dir != null && !dir.knows(hello.app())) {
      return Admission.reject("unknown app '" + hello.app() + "': create it first (POST /api/v1/apps)", false);
    }
    return Admission.reject("app '" + hello.app() + "' has no leader yet", true);
  }

  /** Runs a job through the leader of its app; throws {@link NotLeaderException} when that is not this server. */
  public InstanceStore.Created run(Job job, String params, long delayMs, String idempotencyKey) {
    return runtime(job.app()).run(job, params, delayMs, idempotencyKey);
  }

  /**
   * Stops an unfinished instance through the leader of its app. Returns false when the leader does not run it
   * (it ended meanwhile); throws {@link NotLeaderException} when that leader is another server.
   */
  public boolean stop(Instance instance, String reason) {
    return runtime(instance.app()).stop(instance.id(), reason);
  }

  /** Runs a finished instance again, as a new instance with trigger type RETRY. */
  public InstanceStore.Created retry(Instance instance, Job job) {
    return runtime(job.app()).retry(instance, job);
  }

  private AppRuntime runtime(String app) {
    AppRuntime rt = runtimes.get(app);
    if (rt == null) {
      throw new NotLeaderException(app, directory == null ? Optional.empty() : directory.leaderOf(app));
    }
    return rt;
  }

  public boolean leads(String app) {
    return runtimes.containsKey(app);
  }

  public Set<String> ledApps() {
    return new TreeSet<>(runtimes.keySet());
  }

  /** The epoch this server holds for an app it leads. */
  public Optional<Long> epoch(String app) {
    return Optional.ofNullable(runtimes.get(app)).map(AppRuntime::epoch);
  }

  @Override
  public void close() {
    for (String app : Set.copyOf(runtimes.keySet())) {
      leadershipLost(app);
    }
  }
}
