package io.drover.scheduler;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.coordination.CuratorClients;
import io.drover.coordination.ZkPaths;
import io.drover.coordination.leader.AppLeadership;
import io.drover.coordination.membership.ClusterMembership;
import io.drover.coordination.membership.ServerInfo;
import io.drover.scheduler.api.ApiDeps;
import io.drover.scheduler.auth.AppKeyCache;
import io.drover.scheduler.api.HttpApi;
import io.drover.scheduler.api.PeerClocks;
import io.drover.scheduler.auth.TokenStore;
import io.drover.scheduler.config.ServerConfig;
import io.drover.scheduler.dispatch.TransportServer;
import io.drover.scheduler.dispatch.WorkerRegistry;
import io.drover.scheduler.id.IdGenerator;
import io.drover.scheduler.leader.LeaderRuntimes;
import io.drover.scheduler.leader.RunBatcher;
import io.drover.scheduler.leader.RuntimeContext;
import io.drover.scheduler.store.AppStore;
import io.drover.scheduler.store.Database;
import io.drover.scheduler.metrics.DroverMetrics;
import io.drover.scheduler.store.InstanceLogRetention;
import io.drover.scheduler.store.InstanceLogStore;
import io.drover.scheduler.store.InstanceLogWriter;
import io.drover.scheduler.store.InstanceStore;
import io.drover.scheduler.store.JobStore;
import io.drover.scheduler.store.TransitionWriter;
import io.drover.scheduler.trigger.FireBatcher;
import io.netty.util.HashedWheelTimer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Drover server: builds the object graph with plain constructors, starts it in dependency order and closes it
 * in reverse. Leadership is handed over first on close, so a clean stop misses no fire.
 */
public final class DroverServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DroverServer.class);
  public static final String VERSION = versionOf();

  private final ServerConfig config;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final ZkCluster cluster;
  private final LeaderRuntimes leaders;
  private final WorkerRegistry workers = new WorkerRegistry();
  private final TransportServer transport;
  private final HttpApi http;
  private final Database db;
  private final CuratorFramework zk;
  private final DroverMetrics metrics;
  private final TokenStore tokens;
  private final InstanceLogWriter logWriter;
  private boolean closed;
  private volatile boolean reconcileFailing;

  /** Starts a server; on failure everything started so far is closed again and the cause is thrown. */
  public static DroverServer start(ServerConfig config) throws Exception {
    return new DroverServer(config, System::currentTimeMillis);
  }

  private DroverServer(ServerConfig config, LongSupplier clock) throws Exception {
    this.config = config;
    log.info("Starting Drover {} with {}", VERSION, config);
    try {
      metrics = push(new DroverMetrics());
      db = push(Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize()));
      metrics.bindPool(db.dataSource());
      tokens = new TokenStore(db);
      AppStore apps = new AppStore(db);
      JobStore jobs = new JobStore(db);
      InstanceStore instances = new InstanceStore(db);
      zk = push(CuratorClients.connect(config.zkConnect(), config.zkSessionTimeoutMs(),
          config.zkConnectTimeoutMs()));

      HashedWheelTimer wheel = new HashedWheelTimer(r -> daemon(r, "drover-wheel"), 1, TimeUnit.MILLISECONDS, 1024);
      push(wheel::stop);
      ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> daemon(r, "drover-ticker"));
      push(ticker::shutdownNow);
      // Housekeeping (log retention, app checks, peer clocks) has its own thread: it must never delay a fire.
      ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
          r -> daemon(r, "drover-housekeeping"));
      push(housekeeping::shutdownNow);
      TransitionWriter writer = push(new TransitionWriter(instances));
      InstanceLogWriter logWriter = push(new InstanceLogWriter(db)); // instance log lines from workers
      AtomicInteger nodeIndex = new AtomicInteger(-1);
      IdGenerator ids = new IdGenerator(nodeIndex::get, clock);
      FireBatcher batcher = push(new FireBatcher(instances, ids, clock, config.misfireThresholdMs(), metrics,
          config.fireThreads(), writer::backlog));
      metrics.bindWriteBacklog(writer::backlog);
      RunBatcher runs = push(new RunBatcher(instances));
      RuntimeContext ctx = new RuntimeContext(config, apps, jobs, instances, writer, batcher, runs, ids, workers,
          wheel, ticker, clock, logWriter, metrics);
      leaders = push(new LeaderRuntimes(config.serverId(), ctx));
      metrics.bindServer(leaders::ledApps, workers::count, zk.getZookeeperClient()::isConnected);
      this.logWriter = logWriter;
      InstanceLogStore logs = new InstanceLogStore(db);
      // hourly, each server at its own minute, so the servers do not all delete at once
      housekeeping.scheduleWithFixedDelay(new InstanceLogRetention(logs, clock, config.logRetentionDays()),
          5 + java.util.concurrent.ThreadLocalRandom.current().nextInt(55), 60, TimeUnit.MINUTES);

      // Both ports are bound before the server announces itself, so its znode carries the real ones.
      // one thread and a bounded queue: a flood of HELLOs cannot queue unbounded database reads
      java.util.concurrent.ExecutorService keyReader = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
          TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1_000), r -> daemon(r, "drover-keys"));
      push(keyReader::shutdownNow);
      transport = push(new TransportServer(config.bindHost(), config.transportPort(), config.serverId(), leaders,
          workers, new AppKeyCache(apps, keyReader, clock), logWriter::offer, clock, config.heartbeatIntervalMs(),
          config.workerIdleTimeoutMs(), config.maxFrameBytes()));
      cluster = new ZkCluster(config.serverId(), zk, new ZkPaths(config.zkRoot()), db, leaders);
      ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
      http = push(new HttpApi(new ApiDeps(apps, jobs, instances, leaders, workers, cluster, clock, json, tokens,
          logs, metrics), config.serverId(), config.bindHost(), config.httpPort(), config.maxRequestBytes(),
          config.apiAuthEnabled()));

      ClusterMembership membership = push(new ClusterMembership(zk, new ZkPaths(config.zkRoot()),
          new ServerInfo(config.serverId(), config.host(), http.port(), transport.port(), VERSION,
              clock.getAsLong())));
      membership.addListener(live -> {
        var versions = live.stream().map(ServerInfo::version).collect(java.util.stream.Collectors.toCollection(
            java.util.TreeSet::new));
        if (versions.size() > 1) {
          log.warn("Mixed server versions in the cluster: {} (fine during a rolling upgrade, not for long)",
              versions);
        }
      });
      membership.start();
      nodeIndex.set(membership.nodeIndex());
      AppLeadership leadership = push(new AppLeadership(zk, new ZkPaths(config.zkRoot()), config.serverId(),
          leaders));
      cluster.bind(membership, leadership);
      leaders.bind(cluster);
      leadership.start();
      watchClockSkew(housekeeping, new PeerClocks(json, clock), membership);
      housekeeping.scheduleWithFixedDelay(() -> reconcileApps(apps), Math.min(5_000, config.appCheckIntervalMs()),
          config.appCheckIntervalMs(), TimeUnit.MILLISECONDS);
      log.info("Drover server {} is up: HTTP {}:{}, transport {}:{}", config.serverId(), config.host(), http.port(),
          config.host(), transport.port());
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Puts back in ZooKeeper the apps it lost (see {@link ZkCluster#reconcileApps}); logs what it restored. */
  private void reconcileApps(AppStore apps) {
    try {
      List<String> restored = cluster.reconcileApps(apps);
      if (!restored.isEmpty()) {
        log.warn("Apps {} were in the database but not in ZooKeeper; registered them again", restored);
      }
      if (reconcileFailing) {
        log.info("Apps in ZooKeeper can be checked against the database again");
        reconcileFailing = false;
      }
    } catch (Exception e) {
      if (!reconcileFailing) {
        log.warn("Cannot check the apps in ZooKeeper against the database, will retry: {}", e.toString());
        reconcileFailing = true;
      }
    }
  }

  /** Logs, once per episode, a peer whose clock is off ours by more than {@link PeerClocks#SKEW_WARN_MS}. */
  private void watchClockSkew(ScheduledExecutorService executor, PeerClocks clocks, ClusterMembership membership) {
    java.util.Set<String> skewed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    executor.scheduleWithFixedDelay(() -> {
      for (ServerInfo peer : membership.liveServers()) {
        if (peer.id().equals(config.serverId())) {
          continue;
        }
        Long offset = clocks.offsetOf(peer);
        if (offset != null && Math.abs(offset) > PeerClocks.SKEW_WARN_MS) {
          if (skewed.add(peer.id())) {
            log.warn("Clock of server {} is {} ms off this server's; keep server clocks in sync (NTP)", peer.id(),
                offset);
          }
        } else if (offset != null && skewed.remove(peer.id())) {
          log.info("Clock of server {} agrees with this server's again ({} ms)", peer.id(), offset);
        }
      }
    }, 5, 60, TimeUnit.SECONDS);
  }

  private <T extends AutoCloseable> T push(T c) {
    started.push(c);
    return c;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static String versionOf() {
    String v = DroverServer.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  public String id() {
    return config.serverId();
  }

  public int httpPort() {
    return http.port();
  }

  public int transportPort() {
    return transport.port();
  }

  public LeaderRuntimes leaders() {
    return leaders;
  }

  public WorkerRegistry workers() {
    return workers;
  }

  /** The instance log writer: where workers' log lines go ({@link InstanceLogWriter#offer}). */
  public InstanceLogWriter logWriter() {
    return logWriter;
  }

  /** The server's meters ({@code GET /metrics}). */
  public DroverMetrics metrics() {
    return metrics;
  }

  /** API tokens in this server's database (standalone mode creates its admin token here). */
  public TokenStore tokens() {
    return tokens;
  }

  public boolean healthy() {
    return cluster.healthy();
  }

  /** The ZooKeeper client (for operations tooling and fault tests, e.g. expiring the session). */
  public CuratorFramework zookeeper() {
    return zk;
  }

  /**
   * Dies without handing its apps over, as a crash would: workers are cut off and the ZooKeeper session ends
   * before leadership is given up, so other servers take over on their own. For fault tests.
   */
  public void halt() {
    log.warn("Server {} halting without handover", config.serverId());
    transport.close();
    zk.close();
    close();
  }

  /**
   * Stops in reverse order of start: leadership first (handing every app over), then the API and transport,
   * then the writers (flushing what they hold), ZooKeeper and the database.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("Error while stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
      }
    }
    log.info("Drover server {} stopped", config.serverId());
  }
}
