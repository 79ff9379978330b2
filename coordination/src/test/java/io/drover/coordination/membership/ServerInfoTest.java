package io.drover.coordination.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerInfoTest {

  private final ServerInfo info = new ServerInfo("s1", "10.0.0.1", 7700, 7701, "0.1.0", 1_700_000_000_000L);

  @Test
  void addressesJoinHostAndPort() {
    assertThat(info.transportAddress()).isEqualTo("10.0.0.1:7701");
    assertThat(info.httpAddress()).isEqualTo("10.0.0.1:7700");
    assertThat(new ServerInfo("s1", "::1", 7700, 7701, "v", 0).transportAddress()).isEqualTo("[::1]:7701");
  }

  @Test
  void jsonHasExactlyTheDesignedFieldsAndRoundTrips() throws Exception {
    byte[] json = ServerInfoJson.encode(info);
    JsonNode tree = new ObjectMapper().readTree(json);
    assertThat(tree.fieldNames()).toIterable()
        .containsExactlyInAnyOrder("id", "host", "httpPort", "transportPort", "version", "startedAt");
    assertThat(ServerInfoJson.decode(json)).isEqualTo(info);
  }

  @Test
  void unknownJsonFieldsAreIgnored() throws Exception {
    String json = "{\"id\":\"s1\",\"host\":\"10.0.0.1\",\"httpPort\":7700,\"transportPort\":7701,"
        + "\"version\":\"0.1.0\",\"startedAt\":1700000000000,\"zone\":\"a\"}";
    assertThat(ServerInfoJson.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(info);
  }

  @Test
  void badJsonIsAnIoException() {
    assertThatThrownBy(() -> ServerInfoJson.decode("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ServerInfoJson.decode(new byte[0])).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ServerInfoJson.decode(
        "{\"id\":\"bad id\",\"host\":\"h\",\"httpPort\":1,\"transportPort\":2,\"version\":\"v\",\"startedAt\":0}"
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void invalidValuesAreRejected() {
    assertThatThrownBy(() -> new ServerInfo("a/b", "h", 1, 2, "v", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerInfo("s1", " ", 1, 2, "v", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerInfo("s1", "h", 70_000, 2, "v", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("httpPort");
    assertThatThrownBy(() -> new ServerInfo("s1", "h", 1, 2, null, 0)).isInstanceOf(NullPointerException.class);
  }
}
