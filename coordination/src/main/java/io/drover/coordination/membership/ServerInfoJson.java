package io.drover.coordination.membership;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON form of {@link ServerInfo} in a server znode. Unknown fields are ignored, for newer servers. */
final class ServerInfoJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ServerInfoJson() {
  }

  static byte[] encode(ServerInfo info) {
    try {
      return MAPPER.writeValueAsBytes(info);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + info, e);
    }
  }

  /** @throws IOException when the bytes are not a valid server description */
  static ServerInfo decode(byte[] json) throws IOException {
    if (json == null || json.length == 0) {
      throw new IOException("empty server data");
    }
    try {
      return MAPPER.readValue(json, ServerInfo.class);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
