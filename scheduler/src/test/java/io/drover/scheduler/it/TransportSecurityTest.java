package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.protocol.Challenge;
import io.drover.protocol.Envelope;
import io.drover.protocol.FrameFormat;
import io.drover.protocol.Hello;
import io.drover.protocol.HelloProof;
import io.drover.protocol.Reject;
import io.drover.protocol.Welcome;
import io.drover.scheduler.DroverServer;
import io.drover.worker.Result;
import io.drover.worker.Worker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Worker authentication (HMAC of a per-connection nonce) and a transport that survives bad clients: wrong, missing
 * and replayed proofs are refused and see no job data; malformed, oversized, unknown and random frames and a
 * client that says nothing close only their own connection while a real worker keeps running jobs.
 */
class TransportSecurityTest {
  private static final byte[] KEY = HelloProof.keyOf("sec-secret");
  private static TestCluster cluster;
  private static DroverServer server;
  private static Api api;
  private static Worker worker;
  private static long jobId;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster("sec");
    server = cluster.startServer("s1", Map.of("drover.worker.idle-timeout-ms", "1500",
        "drover.transport.max-frame-bytes", "65536"));
    api = cluster.api(server);
    assertThat(api.post("/api/v1/apps", Map.of("name", "sec", "secret", "sec-secret")).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.leaders().leads("sec"));
    worker = cluster.startWorker(Worker.builder().app("sec").secret("sec-secret").workerId("good")
        .servers(cluster.transportAddress(server)).processor("echo", ctx -> Result.ok(ctx.params())));
    assertThat(worker.awaitConnected(Duration.ofSeconds(10))).isTrue();
    jobId = api.post("/api/v1/jobs", Map.of("app", "sec", "name", "echo", "scheduleType", "API",
        "processor", "echo")).body().get("id").asLong();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static Hello hello(String workerId, String proof) {
    return new Hello("sec", workerId, "127.0.0.1", Map.of(), 4, List.of(), proof);
  }

  private static void assertRejectedAndClosed(RawClient c) throws InterruptedException {
    Reject r = c.expect(Reject.class);
    assertThat(r.reason()).contains("authentication failed");
    assertThat(r.retryable()).isFalse();
    assertThat(c.awaitClosed(5000)).isTrue();
    assertThat(c.drained()).as("nothing after the REJECT").isEmpty();
  }

  /** The echo job still runs end to end on the good worker. */
  private static void assertStillServing() {
    long id = api.post("/api/v1/jobs/" + jobId + "/run", Map.of("params", "still here")).body()
        .get("instanceId").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/instances/" + id).body(),
        b -> b.get("status").asText().equals("SUCCEEDED") && b.get("result").asText().equals("still here"));
    assertThat(server.workers().workers("sec")).extracting(w -> w.workerId()).contains("good");
  }

  @Test
  void aCorrectProofIsWelcomed() throws Exception {
    try (RawClient c = new RawClient(server.transportPort())) {
      Challenge ch = c.expect(Challenge.class);
      c.send(hello("probe", HelloProof.compute(KEY, ch.nonce(), "sec", "probe")));
      assertThat(c.expect(Welcome.class).serverId()).isEqualTo("s1");
    }
  }

  @Test
  void wrongMissingAndReplayedProofsAreRejected() throws Exception {
    try (RawClient c = new RawClient(server.transportPort())) {
      Challenge ch = c.expect(Challenge.class);
      c.send(hello("intruder", HelloProof.compute(HelloProof.keyOf("guess"), ch.nonce(), "sec", "intruder")));
      assertRejectedAndClosed(c);
    }
    try (RawClient c = new RawClient(server.transportPort())) {
      c.expect(Challenge.class);
      c.send(hello("intruder", null));
      assertRejectedAndClosed(c);
    }
    String recorded;
    try (RawClient c = new RawClient(server.transportPort())) {
      Challenge ch = c.expect(Challenge.class);
      recorded = HelloProof.compute(KEY, ch.nonce(), "sec", "probe2"); // a genuine proof, seen on the wire
      c.send(hello("probe2", recorded));
      c.expect(Welcome.class);
    }
    try (RawClient c = new RawClient(server.transportPort())) {
      c.expect(Challenge.class); // a new nonce: the recorded proof is worthless here
      c.send(hello("probe2", recorded));
      assertRejectedAndClosed(c);
    }
    try (RawClient c = new RawClient(server.transportPort())) {
      Challenge ch = c.expect(Challenge.class);
      c.send(new Hello("no-such-app", "x", "h", Map.of(), 1, List.of(),
          HelloProof.compute(KEY, ch.nonce(), "no-such-app", "x")));
      assertRejectedAndClosed(c);
    }
    assertStillServing();
  }

  private static byte[] frame(int type, byte[] body, int declaredLength) {
    ByteBuffer b = ByteBuffer.allocate(FrameFormat.HEADER_LENGTH + body.length);
    b.putShort(FrameFormat.MAGIC).put(FrameFormat.VERSION).put((byte) type).putLong(1).putInt(declaredLength)
        .put(body);
    return b.array();
  }

  @Test
  void badFramesCloseOnlyTheirConnection() throws Exception {
    byte[] helloJson = "{\"app\": 12, \"workerId\": [".getBytes(StandardCharsets.UTF_8);
    List<byte[]> bad = List.of(
        frame(1, helloJson, helloJson.length),                   // malformed HELLO body
        frame(99, new byte[] {'{', '}'}, 2),                     // unknown type
        frame(1, new byte[0], 10_000_000),                       // declared far beyond the frame limit
        frame(5, "{}".getBytes(StandardCharsets.UTF_8), 2),      // a heartbeat before HELLO
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    for (byte[] bytes : bad) {
      try (RawClient c = new RawClient(server.transportPort())) {
        c.expect(Challenge.class);
        c.sendRaw(bytes);
        assertThat(c.awaitClosed(5000)).as("closed after %s", new String(bytes, StandardCharsets.ISO_8859_1))
            .isTrue();
        assertThat(c.drained()).extracting(Envelope::message).noneMatch(m -> m instanceof Welcome);
      }
    }
    assertStillServing();
  }

  @Test
  void randomBytesNeverHurtTheServer() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 60; i++) {
      try (RawClient c = new RawClient(server.transportPort())) {
        byte[] junk = new byte[1 + random.nextInt(2048)];
        random.nextBytes(junk);
        if (i % 3 == 0) { // a valid header start, so the decoder gets further before it gives up
          junk[0] = (byte) 0xD7;
          if (junk.length > 2) {
            junk[1] = 0x0B;
            junk[2] = 1;
          }
        }
        c.sendRaw(junk);
        c.sendRaw(junk);
      }
    }
    assertStillServing();
  }

  @Test
  void aClientThatSaysNothingIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawClient c = new RawClient(server.transportPort())) {
      c.expect(Challenge.class);
      assertThat(c.awaitClosed(10_000)).isTrue();
    }
    assertStillServing();
  }
}
