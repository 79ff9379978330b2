package io.drover.scheduler.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small client of the HTTP API for tests: real HTTP on loopback, JSON answers as trees, sending its bearer token
 * (if it has one) with every request.
 */
public final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String base;
  private final String token;

  /** A client that sends no token. */
  public Api(int port) {
    this(port, null);
  }

  public Api(int port, String token) {
    this.port = port;
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  /** The same server with another token (null: none). */
  public Api withToken(String other) {
    return new Api(port, other);
  }

  /** Status and parsed body (null when empty) of one call. */
  public record Response(int status, JsonNode body) {
    public JsonNode errorCode() {
      return body.path("error").path("code");
    }
  }

  /** A job's instances, newest first (at most 1,000). */
  public List<JsonNode> instances(long jobId) {
    List<JsonNode> out = new ArrayList<>();
    get("/api/v1/instances?jobId=" + jobId + "&limit=1000").body().forEach(out::add);
    return out;
  }

  /** Status, content type and body of a GET whose answer is not JSON ({@code /metrics}). */
  public record Text(int status, String contentType, String body) {}

  public Text getText(String path) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).GET();
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Text(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  public Response post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body, Map.of());
  }

  public Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  public Response send(String method, String path, Object body, Map<String, String> headers) {
    try {
      String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
          .header("Content-Type", "application/json")
          .method(method, text.isEmpty() ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(text));
      if (token != null && !headers.containsKey("Authorization")) {
        b.header("Authorization", "Bearer " + token);
      }
      headers.forEach(b::header);
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode node = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
      return new Response(r.statusCode(), node);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
