package io.drover.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

class CuratorClientsTest {

  @Test
  void connectsAndUsesTheStandardErrorPolicy() throws Exception {
    try (TestingServer server = ZkTesting.startServer();
        CuratorFramework client = ZkTesting.connect(server)) {
      assertThat(client.getZookeeperClient().isConnected()).isTrue();
      assertThat(client.getConnectionStateErrorPolicy().isErrorState(ConnectionState.SUSPENDED)).isTrue();
    }
  }

  @Test
  void unreachableEnsembleFailsWithTheConnectString() {
    assertThatThrownBy(() -> CuratorClients.connect("127.0.0.1:1", 3_000, 500))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("500 ms");
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> CuratorClients.connect(" ", 3_000, 500)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CuratorClients.connect("h:2181", 0, 500)).isInstanceOf(IllegalArgumentException.class);
  }
}
