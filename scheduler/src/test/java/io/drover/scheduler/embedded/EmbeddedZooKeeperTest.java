package io.drover.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real ZooKeeper server: Curator uses it, znodes survive a restart on the same directory, close stops all. */
class EmbeddedZooKeeperTest {
  private final Timing timing = new Timing();

  @Test
  void servesACuratorClientOnLoopback() throws Exception {
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0)) {
      assertThat(zk.connectString()).isEqualTo("127.0.0.1:" + zk.port());
      try (CuratorFramework client = connect(zk)) {
        client.create().creatingParentsIfNeeded().forPath("/drover/probe", bytes("hello"));
        assertThat(text(client.getData().forPath("/drover/probe"))).isEqualTo("hello");
        assertThat(client.getChildren().forPath("/drover")).containsExactly("probe");
      }
    }
  }

  @Test
  void znodesSurviveARestartOnTheSameDirectoryAndPort(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("zookeeper");
    int port;
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(data, 0);
         CuratorFramework client = connect(zk)) {
      port = zk.port();
      client.create().creatingParentsIfNeeded().forPath("/drover/kept", bytes("v1"));
      client.setData().forPath("/drover/kept", bytes("v2"));
    }
    // The same port right away: close() returned only once the port and the files were released.
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(data, port);
         CuratorFramework client = connect(zk)) {
      assertThat(text(client.getData().forPath("/drover/kept"))).isEqualTo("v2");
    }
  }

  @Test
  void closeStopsTheServerAndDeletesTemporaryData() throws Exception {
    EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0);
    Path data = zk.dataDir();
    try (CuratorFramework client = connect(zk)) {
      client.create().forPath("/x");
    }
    assertThat(data).isDirectory();
    zk.close();
    assertThat(data).doesNotExist();
    assertThat(listens(zk.port())).isFalse();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("drover-zookeeper"));
    zk.close(); // idempotent
  }

  @Test
  void aTakenPortFailsWithAClearMessage() throws Exception {
    try (EmbeddedZooKeeper first = EmbeddedZooKeeper.start(null, 0)) {
      assertThatThrownBy(() -> EmbeddedZooKeeper.start(null, first.port()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot start ZooKeeper on 127.0.0.1:" + first.port());
    }
  }

  private CuratorFramework connect(EmbeddedZooKeeper zk) throws InterruptedException {
    CuratorFramework client = CuratorFrameworkFactory.newClient(zk.connectString(), timing.session(),
        timing.connection(), new RetryOneTime(100));
    client.start();
    assertThat(client.blockUntilConnected(timing.connection(), TimeUnit.MILLISECONDS)).isTrue();
    return client;
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
