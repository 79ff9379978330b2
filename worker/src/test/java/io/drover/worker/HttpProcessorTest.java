package io.drover.worker;

import static io.drover.worker.Fixture.dispatch;
import static io.drover.worker.Fixture.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drover.protocol.Report;
import io.drover.protocol.TaskStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http builtin against a JDK HTTP server on loopback. */
class HttpProcessorTest {
  private static final Duration WAIT = TestServer.WAIT;
  private final HttpProcessor http = new HttpProcessor();
  private final Fixture fixture = new Fixture();
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch hanging = new CountDownLatch(1);
  /** Requests seen: method, path, the X-Order header and the body. */
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  HttpProcessorTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(handlers);
    server.createContext("/status/", ex -> {
      int status = Integer.parseInt(ex.getRequestURI().getPath().substring("/status/".length()));
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
          + ex.getRequestHeaders().getFirst("X-Order") + " " + body);
      respond(ex, status, "got " + body);
    });
    server.createContext("/big", ex -> respond(ex, 200, "a".repeat(5_000)));
    server.createContext("/empty", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/hang", ex -> {
      hanging.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(ex, 200, "late");
    });
    server.start();
  }

  @AfterEach
  void closeAll() throws Exception {
    release.countDown();
    fixture.close();
    server.stop(0);
    handlers.shutdownNow();
    assertThat(handlers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void expectedStatusSucceedsAndTheBodyAndHeadersAreSent() throws Exception {
    RecordingContext ctx = new RecordingContext("{\"method\": \"post\", \"url\": \"" + url("/status/201")
        + "\", \"body\": \"order 42\", \"headers\": {\"X-Order\": \"42\"}, \"expectedStatus\": 201}");
    assertThat(http.process(ctx)).isEqualTo(Result.ok("HTTP 201: got order 42"));
    assertThat(seen).containsExactly("POST /status/201 42 order 42");
    assertThat(ctx.lines.get(0)).isEqualTo("INFO POST " + url("/status/201"));
    assertThat(ctx.lines.get(1)).startsWith("INFO POST " + url("/status/201") + ": HTTP 201 in ");
  }

  @Test
  void anyTwoHundredIsFineByDefaultAndTheResultKeepsTheFirstKibOfTheBody() throws Exception {
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/status/200") + "\"}")))
        .isEqualTo(Result.ok("HTTP 200: got"));
    assertThat(seen).containsExactly("GET /status/200 null ");
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/empty") + "\"}")))
        .isEqualTo(Result.ok("HTTP 204"));
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/big") + "\"}")).message())
        .isEqualTo("HTTP 200: " + "a".repeat(1024));
  }

  @Test
  void anUnexpectedStatusFailsWithTheSameText() throws Exception {
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/status/500") + "\"}")))
        .isEqualTo(Result.fail("HTTP 500: got"));
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/status/200")
        + "\", \"expectedStatus\": 202}"))).isEqualTo(Result.fail("HTTP 200: got"));
  }

  @Test
  void noResponseWithinTheTimeoutFails() throws Exception {
    long start = System.nanoTime();
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/hang") + "\", \"timeoutMs\": 300}")))
        .isEqualTo(Result.fail("http: GET " + url("/hang") + ": no complete response within 300 ms"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void interruptionAbortsTheCall() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        http.process(new RecordingContext("{\"url\": \"" + url("/hang") + "\"}"));
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    caller.start();
    assertThat(hanging.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    caller.interrupt();
    caller.join(WAIT.toMillis());
    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void badParamsAndUnreachableServersFailClearly() throws Exception {
    assertThat(http.process(new RecordingContext("{\"method\": \"GET\"}")).message())
        .startsWith("http: params need a \"url\"");
    assertThat(http.process(new RecordingContext("{\"url\": \"ftp://host/file\"}")).message())
        .isEqualTo("http: url must be an absolute http or https URL, got 'ftp://host/file'");
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/x") + "\", \"expectedStatus\": 42}"))
        .message()).isEqualTo("http: \"expectedStatus\" must be an HTTP status (100-599), got 42");
    assertThat(http.process(new RecordingContext("{\"url\": \"" + url("/x") + "\", \"headers\": {\"Host\": \"x\"}}"))
        .message()).startsWith("http: header 'Host' cannot be set: ");
    assertThat(http.process(new RecordingContext("{\"url\": \"http://127.0.0.1:1/\"}")).message())
        .startsWith("http: GET http://127.0.0.1:1/ failed: ConnectException");
  }

  @Test
  void theBuiltinRunsThroughTheWorker() {
    TestServer s = fixture.server();
    Worker w = fixture.start(Fixture.worker("w-http", s.address()).builtins("http"));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(91, "http", "{\"method\": \"PUT\", \"url\": \"" + url("/status/200") + "\", \"body\": \"x\"}"));
    assertThat(s.expect(Report.class, r -> is(r, 91, TaskStatus.SUCCEEDED)).result()).isEqualTo("HTTP 200: got x");
  }
}
