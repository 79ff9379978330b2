package io.drover.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where ZooKeeper is (a mixin of the commands that read or write ZooKeeper directly). */
final class ZkOptions {
  @Option(names = "--zk", paramLabel = "HOST:PORT[,...]",
      description = "ZooKeeper connect string (default: drover.zk.connect from the configuration, env "
          + "DROVER_ZK_CONNECT, else 127.0.0.1:2181).")
  String connect;

  @Option(names = "--zk-root", paramLabel = "PATH",
      description = "The cluster's root znode (default: drover.zk.root / DROVER_ZK_ROOT, else /drover).")
  String root;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Server configuration file to read settings from (default: env DROVER_CONFIG, else "
          + "conf/server.properties of this install).")
  Path config;

  /** Connects (waiting at most the connect timeout) and returns the open session. */
  ZkSession open(CliEnv env) {
    Settings s = Settings.load(env, config);
    return ZkSession.open(s.get("drover.zk.connect", connect, "127.0.0.1:2181"),
        s.get("drover.zk.root", root, "/drover"),
        s.getInt("drover.zk.connect-timeout-ms", null, 5_000));
  }
}
