package io.drover.scheduler.config;

/**
 * Everything a server reads at start, validated once. Keys, defaults and environment names are in
 * {@link ConfigLoader}; {@link #toString()} masks the database password.
 */
public record ServerConfig(
    String serverId,
    String host,
    String bindHost,
    int httpPort,
    int transportPort,
    String zkConnect,
    String zkRoot,
    int zkSessionTimeoutMs,
    int zkConnectTimeoutMs,
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    long tickMs,
    long lookaheadMs,
    long heartbeatIntervalMs,
    long workerIdleTimeoutMs,
    long noWorkerTimeoutMs,
    long misfireThresholdMs,
    long takeoverGraceMs,
    int maxFrameBytes,
    long maxRequestBytes,
    boolean apiAuthEnabled,
    int logRetentionDays,
    int workerLossRetries,
    io.drover.scheduler.instance.InstanceStatus noWorkerStatus,
    long appCheckIntervalMs,
    long recordAheadMs,
    int fireThreads) {

  @Override
  public String toString() {
    return "ServerConfig[serverId=" + serverId + ", host=" + host + ", bindHost=" + bindHost
        + ", httpPort=" + httpPort + ", transportPort=" + transportPort + ", zkConnect=" + zkConnect
        + ", zkRoot=" + zkRoot + ", zkSessionTimeoutMs=" + zkSessionTimeoutMs + ", dbUrl=" + dbUrl
        + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null || dbPassword.isEmpty() ? "(empty)" : "****")
        + ", dbPoolSize=" + dbPoolSize + ", tickMs=" + tickMs + ", lookaheadMs=" + lookaheadMs
        + ", heartbeatIntervalMs=" + heartbeatIntervalMs + ", workerIdleTimeoutMs=" + workerIdleTimeoutMs
        + ", noWorkerTimeoutMs=" + noWorkerTimeoutMs + ", misfireThresholdMs=" + misfireThresholdMs
        + ", takeoverGraceMs=" + takeoverGraceMs + ", maxFrameBytes=" + maxFrameBytes
        + ", maxRequestBytes=" + maxRequestBytes + ", apiAuthEnabled=" + apiAuthEnabled
        + ", logRetentionDays=" + logRetentionDays + ", workerLossRetries=" + workerLossRetries
        + ", noWorkerStatus=" + noWorkerStatus + ", appCheckIntervalMs=" + appCheckIntervalMs
        + ", recordAheadMs=" + recordAheadMs + ", fireThreads=" + fireThreads + "]";
  }
}
