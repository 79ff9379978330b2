package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A three-node ZooKeeper ensemble: one node lost changes nothing; two lost stop firing until they return. */
class QuorumTest {
  private TestCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<Long> fires(Api api, long jobId) {
    return api.instances(jobId).stream().map(i -> i.get("fireAt").asLong()).sorted().toList();
  }


  @Test
  void oneNodeLostChangesNothingAndTwoLostStopFiringUntilTheyReturn() throws Exception {
    cluster = new TestCluster("quorum", 3);
    DroverServer server = cluster.startServer("s1");
    Api api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "q", "secret", "q-secret-1")).status()).isEqualTo(201);
    long jobId = api.post("/api/v1/jobs", Map.of("app", "q", "name", "tick", "scheduleType", "FIXED_RATE",
        "scheduleExpr", "1000", "processor", "echo")).body().get("id").asLong();
    Worker w = cluster.startWorker(Worker.builder().app("q").secret("q-secret-1").workerId("w").servers(cluster.transportAddress(server))
        .processor("echo", ctx -> Result.ok("")));
    assertThat(w.awaitConnected(Duration.ofSeconds(15))).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(() -> fires(api, jobId).size() >= 2);

    List<InstanceSpec> nodes = new ArrayList<>(cluster.ensemble().getInstances());
    cluster.ensemble().killServer(nodes.get(0));
    int afterOne = fires(api, jobId).size();
    await().atMost(Duration.ofSeconds(20)).until(() -> fires(api, jobId).size() >= afterOne + 4);
    List<Long> withOneDown = fires(api, jobId);
    assertThat(withOneDown).doesNotHaveDuplicates();
    for (int k = 1; k < withOneDown.size(); k++) {
      assertThat(withOneDown.get(k) - withOneDown.get(k - 1)).as("no fire missed with one node down")
          .isEqualTo(1000);
    }

    cluster.ensemble().killServer(nodes.get(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> !server.leaders().leads("q"));
    int stopped = fires(api, jobId).size();
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(fires(api, jobId)).as("no quorum: no fire").hasSize(stopped);

    cluster.ensemble().restartServer(nodes.get(0));
    cluster.ensemble().restartServer(nodes.get(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> server.leaders().leads("q"));
    await().atMost(Duration.ofSeconds(15)).until(() -> fires(api, jobId).size() >= stopped + 2);
    assertThat(fires(api, jobId)).doesNotHaveDuplicates();
  }
}
