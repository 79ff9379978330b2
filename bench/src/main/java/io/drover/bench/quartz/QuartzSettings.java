package io.drover.bench.quartz;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Quartz properties of each node: a clustered {@code JobStoreTX} with the {@code StdJDBCDelegate}, a
 * {@code SimpleThreadPool}, Quartz's built-in HikariCP connection provider, and the throughput settings Quartz
 * documents (batch acquisition up to the thread count, which needs acquisition within the lock). Nodes differ only
 * in their instance id, data source name and thread names.
 */
final class QuartzSettings {
  /** The cluster's scheduler name: the same for every node (it is the SCHED_NAME of every row). */
  static final String SCHEDULER_NAME = "bench-quartz";
  static final long MISFIRE_THRESHOLD_MS = 60_000;
  static final long CLUSTER_CHECKIN_MS = 7_500;
  static final long IDLE_WAIT_MS = 30_000;
  /**
   * The same driver settings as Drover's own pool ({@code Database.withDefaults}): batched statements rewritten,
   * client-side prepared statements cached, session state tracked locally.
   */
  static final String JDBC_PARAMETERS = "rewriteBatchedStatements=true&cachePrepStmts=true&useServerPrepStmts=false"
      + "&connectionTimeZone=UTC&allowPublicKeyRetrieval=true&useLocalSessionState=true";

  private final QuartzOptions options;
  private final String url;
  private final String user;
  private final String password;

  QuartzSettings(QuartzOptions options, String url, String user, String password) {
    this.options = options;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  static String instanceId(int nodeIndex) {
    return "node-" + (nodeIndex + 1);
  }

  static String dataSource(int nodeIndex) {
    return "benchDs" + (nodeIndex + 1);
  }

  /** The properties of node {@code nodeIndex} (0-based). */
  Properties forNode(int nodeIndex) {
    Properties p = new Properties();
    String ds = dataSource(nodeIndex);
    p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
    p.setProperty("org.quartz.scheduler.instanceId", instanceId(nodeIndex));
    p.setProperty("org.quartz.scheduler.threadName", SCHEDULER_NAME + "-n" + (nodeIndex + 1) + "-scheduler");
    p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(IDLE_WAIT_MS));
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(options.threads()));
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow",
        String.valueOf(options.fireAheadMs()));
    p.setProperty("org.quartz.scheduler.jmx.export", "false");

    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(options.threads()));
    p.setProperty("org.quartz.threadPool.threadPriority", "5");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", SCHEDULER_NAME + "-n" + (nodeIndex + 1) + "-worker");

    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", ds);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(CLUSTER_CHECKIN_MS));
    p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD_MS));
    p.setProperty("org.quartz.jobStore.maxMisfiresToHandleAtATime", "20");
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.useProperties", "false");

    p.setProperty("org.quartz.dataSource." + ds + ".provider", "hikaricp");
    p.setProperty("org.quartz.dataSource." + ds + ".driver", "com.mysql.cj.jdbc.Driver");
    p.setProperty("org.quartz.dataSource." + ds + ".URL", withParameters(url));
    p.setProperty("org.quartz.dataSource." + ds + ".user", user);
    p.setProperty("org.quartz.dataSource." + ds + ".password", password);
    p.setProperty("org.quartz.dataSource." + ds + ".maxConnections", String.valueOf(options.poolSize()));
    return p;
  }

  /** Node 1's properties as the result shows them: sorted, the password masked, the URL without its query. */
  Map<String, String> describe() {
    Map<String, String> m = new TreeMap<>();
    forNode(0).forEach((k, v) -> m.put((String) k, (String) v));
    String ds = "org.quartz.dataSource." + dataSource(0);
    m.put(ds + ".password", password.isEmpty() ? "" : "****");
    m.put(ds + ".URL", QuartzDatabase.redacted(url) + " + " + JDBC_PARAMETERS);
    return m;
  }

  /** The URL with each of {@link #JDBC_PARAMETERS} it does not set yet. */
  static String withParameters(String url) {
    StringBuilder b = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    for (String kv : JDBC_PARAMETERS.split("&")) {
      if (!url.contains(kv.substring(0, kv.indexOf('=') + 1))) {
        b.append(sep).append(kv);
        sep = '&';
      }
    }
    return b.toString();
  }
}
