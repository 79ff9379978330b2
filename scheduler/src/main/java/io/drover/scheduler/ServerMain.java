package io.drover.scheduler;

import io.drover.scheduler.config.ConfigLoader;
import io.drover.scheduler.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -cp ... io.drover.scheduler.ServerMain [--config conf/server.properties]}. Stops cleanly on SIGTERM
 * or Ctrl-C, handing its apps over first.
 */
public final class ServerMain {
  private static final Logger log = LoggerFactory.getLogger(ServerMain.class);

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        config = Path.of(args[++i]);
      } else {
        System.err.println("usage: ServerMain [--config FILE]");
        System.exit(2);
      }
    }
    if (config == null && Files.exists(Path.of("conf/server.properties"))) {
      config = Path.of("conf/server.properties");
    }
    ServerConfig c;
    try {
      c = ConfigLoader.load(config);
    } catch (IllegalArgumentException e) {
      System.err.println("drover: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    DroverServer server;
    try {
      server = DroverServer.start(c);
    } catch (Exception e) {
      log.error("Drover server {} failed to start: {}", c.serverId(), e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "drover-shutdown"));
    stopped.await();
  }
}
