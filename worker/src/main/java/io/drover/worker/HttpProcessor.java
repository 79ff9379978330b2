package io.drover.worker;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@value #NAME} builtin: one HTTP call with {@link HttpClient}.
 *
 * <p>Params: {@code {"url": "http://.."}}, optional {@code "method"} (default GET), {@code "body"} (a string),
 * {@code "headers"} (an object), {@code "expectedStatus"} (default: any 2xx) and {@code "timeoutMs"} (default
 * 10000, for the whole exchange, body included). The result is {@code HTTP <status>: <first 1 KiB of the body>};
 * a status other than the expected one fails with the same text. Redirects are not followed. An interruption
 * (STOP) aborts the call. One client per worker.
 */
final class HttpProcessor implements Processor {
  static final String NAME = "http";
  private static final String EXAMPLE = "{\"method\": \"POST\", \"url\": \"http://host/path\", \"body\": \"..\"}";
  static final long DEFAULT_TIMEOUT_MS = 10_000;
  /** Bytes of the response body kept for the result. */
  static final int RESULT_BODY_BYTES = 1024;

  /** The params of one call. */
  record Params(String method, String url, String body, Map<String, String> headers, Integer expectedStatus,
                Long timeoutMs) {}

  private HttpClient client;

  @Override
  public Result process(TaskContext ctx) throws InterruptedException {
    Params p;
    HttpRequest request;
    long timeoutMs;
    try {
      p = BuiltinParams.read(NAME, ctx.params(), Params.class, EXAMPLE);
      timeoutMs = p.timeoutMs() == null ? DEFAULT_TIMEOUT_MS : p.timeoutMs();
      request = request(p, timeoutMs);
    } catch (IllegalArgumentException e) {
      return Result.fail(e.getMessage());
    }
    String call = request.method() + " " + request.uri();
    ctx.log().info("{}", call);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<Void>> sent = client().sendAsync(request,
        HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> keepHead(head, bytes))));
    HttpResponse<Void> response;
    try {
      response = sent.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      sent.cancel(true);
      ctx.log().warn("{}: interrupted, call aborted", call);
      throw e;
    } catch (TimeoutException e) {
      sent.cancel(true);
      return Result.fail(timedOut(call, timeoutMs));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof HttpTimeoutException) {
        return Result.fail(timedOut(call, timeoutMs));
      }
      return Result.fail(NAME + ": " + call + " failed: " + cause.getClass().getSimpleName() + ": "
          + BuiltinParams.describe(cause));
    }
    int status = response.statusCode();
    String body = headText(head);
    String text = "HTTP " + status + (body.isEmpty() ? "" : ": " + body);
    boolean expected = p.expectedStatus() == null ? status / 100 == 2 : status == p.expectedStatus();
    ctx.log().info("{}: HTTP {} in {} ms{}", call, status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        expected ? "" : " (expected " + (p.expectedStatus() == null ? "2xx" : p.expectedStatus()) + ")");
    return expected ? Result.ok(text) : Result.fail(text);
  }

  private static String timedOut(String call, long timeoutMs) {
    return NAME + ": " + call + ": no complete response within " + timeoutMs + " ms";
  }

  private static HttpRequest request(Params p, long timeoutMs) {
    if (p.url() == null || p.url().isBlank()) {
      throw new IllegalArgumentException(NAME + ": params need a \"url\", e.g. " + EXAMPLE);
    }
    URI uri;
    try {
      uri = new URI(p.url().trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(NAME + ": malformed url '" + p.url() + "': " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(NAME + ": url must be an absolute http or https URL, got '" + p.url() + "'");
    }
    String method = p.method() == null ? "GET" : p.method().trim().toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z]+")) {
      throw new IllegalArgumentException(NAME + ": bad method '" + p.method() + "'");
    }
    if (timeoutMs < 1) {
      throw new IllegalArgumentException(NAME + ": \"timeoutMs\" must be at least 1, got " + timeoutMs);
    }
    if (p.expectedStatus() != null && (p.expectedStatus() < 100 || p.expectedStatus() > 599)) {
      throw new IllegalArgumentException(NAME + ": \"expectedStatus\" must be an HTTP status (100-599), got "
          + p.expectedStatus());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofMillis(timeoutMs))
        .method(method, p.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(p.body(), StandardCharsets.UTF_8));
    if (p.headers() != null) {
      p.headers().forEach((name, value) -> {
        try {
          b.header(name, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(NAME + ": header '" + name + "' cannot be set: " + e.getMessage(), e);
        }
      });
    }
    return b.build();
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }
    return client;
  }

  private static void keepHead(ByteArrayOutputStream head, byte[] bytes) {
    synchronized (head) {
      int room = RESULT_BODY_BYTES - head.size();
      if (room > 0) {
        head.write(bytes, 0, Math.min(room, bytes.length));
      }
    }
  }

  /** The kept start of the body as text, without trailing white space; a character cut at the end is left out. */
  private static String headText(ByteArrayOutputStream head) {
    byte[] bytes;
    synchronized (head) {
      bytes = head.toByteArray();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (bytes.length == RESULT_BODY_BYTES && text.endsWith("\uFFFD")) {
      text = text.substring(0, text.length() - 1);
    }
    return text.stripTrailing();
  }
}
