package io.drover.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ZkPathsTest {

  @Test
  void defaultRootLaysOutTheDesignedPaths() {
    ZkPaths paths = new ZkPaths();
    assertThat(paths.root()).isEqualTo("/drover");
    assertThat(paths.servers()).isEqualTo("/drover/servers");
    assertThat(paths.server("s1")).isEqualTo("/drover/servers/s1");
    assertThat(paths.apps()).isEqualTo("/drover/apps");
    assertThat(paths.app("orders")).isEqualTo("/drover/apps/orders");
    assertThat(paths.latch("orders")).isEqualTo("/drover/apps/orders/latch");
    assertThat(paths.pin("orders")).isEqualTo("/drover/apps/orders/pin");
    assertThat(paths.drains()).isEqualTo("/drover/drain");
    assertThat(paths.drain("s1")).isEqualTo("/drover/drain/s1");
    assertThat(paths.ids()).isEqualTo("/drover/ids");
  }

  @Test
  void nestedRootIsAccepted() {
    assertThat(new ZkPaths("/envs/test/drover").app("a")).isEqualTo("/envs/test/drover/apps/a");
    assertThat(new ZkPaths("/x")).isEqualTo(new ZkPaths("/x"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"/", "drover", "/drover/", "/a//b", "/a/./b", "/a/../b"})
  void invalidRootIsRejected(String root) {
    assertThatThrownBy(() -> new ZkPaths(root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid ZooKeeper root");
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "a", "0", "Order-Service_1.v2",
      "a123456789012345678901234567890123456789012345678901234567890123"})
  void validAppNamesAreAccepted(String name) {
    assertThat(Names.isValidAppName(name)).isTrue();
    assertThat(new ZkPaths().app(name)).endsWith("/" + name);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"-orders", ".hidden", "_x", "a b", "a/b", "app!", "zoo\u00e9",
      "a1234567890123456789012345678901234567890123456789012345678901234"})
  void invalidAppNameIsRejected(String name) {
    assertThat(Names.isValidAppName(name)).isFalse();
    assertThatThrownBy(() -> new ZkPaths().app(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid app name");
    assertThatThrownBy(() -> new ZkPaths().latch(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"a/b", "..", "-s1", "s 1"})
  void invalidServerIdIsRejected(String id) {
    assertThatThrownBy(() -> new ZkPaths().server(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid server id");
  }

  @Test
  void hostPortServerIdIsAccepted() {
    assertThat(new ZkPaths().server("node-1.example.com:7700")).isEqualTo("/drover/servers/node-1.example.com:7700");
  }
}
