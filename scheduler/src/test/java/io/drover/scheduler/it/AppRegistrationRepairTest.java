package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.scheduler.DroverServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An app whose znode ZooKeeper lost (a wiped or new ensemble) is registered again and led again. */
class AppRegistrationRepairTest {

  @Test
  void anAppMissingFromZooKeeperIsRegisteredAgainAndLed() throws Exception {
    try (TestCluster cluster = new TestCluster("repair")) {
      DroverServer s = cluster.startServer("s1", Map.of("drover.zk.app-check-interval-ms", "500"));
      Api api = cluster.api(s);
      assertThat(api.post("/api/v1/apps", Map.of("name", "fragile", "secret", "fragile-secret")).status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(10)).until(() -> s.leaders().leads("fragile"));
      String appPath = cluster.root() + "/apps/fragile";

      s.zookeeper().delete().guaranteed().deletingChildrenIfNeeded().forPath(appPath);
      await().atMost(Duration.ofSeconds(10)).until(() -> !s.leaders().leads("fragile"));

      await().atMost(Duration.ofSeconds(15)).until(() -> s.zookeeper().checkExists().forPath(appPath) != null
          && s.leaders().leads("fragile"));
    }
  }
}
