package io.drover.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API v1 as calls: JSON in, {@link JsonNode} out, errors as {@link CliException} carrying the server's
 * error message and the exit code for its status. Servers are tried in order: a server that cannot be connected
 * to is skipped; one that answers (even with an error) is the answer. A request that may have reached a server
 * and then failed is retried on the next one only when it is safe to repeat (GET, PUT, DELETE).
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> servers;
  private final String token;
  private final Duration requestTimeout;
  private final HttpClient http;

  ApiClient(List<URI> servers, String token, long requestTimeoutMs, long connectTimeoutMs) {
    if (servers.isEmpty()) {
      throw CliException.usage("no server given");
    }
    this.servers = List.copyOf(servers);
    this.token = token;
    this.requestTimeout = Duration.ofMillis(requestTimeoutMs);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMs)).build();
  }

  /** {@code http://a:7700,b:7700} (a scheme may be left out) as base URIs without a trailing slash. */
  static List<URI> parseServers(String list) {
    List<URI> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      if (!s.contains("://")) {
        s = "http://" + s;
      }
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      try {
        URI uri = URI.create(s);
        if (uri.getHost() == null) {
          throw new IllegalArgumentException("no host");
        }
        out.add(uri);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("bad server URL '" + part.trim() + "': " + e.getMessage());
      }
    }
    return out;
  }

  JsonNode get(String path) {
    return send("GET", path, null, Map.of());
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  JsonNode post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  JsonNode put(String path, Object body) {
    return send("PUT", path, body, Map.of());
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** Sends one request; returns the parsed body (null when empty) of a 2xx answer, throws for anything else. */
  JsonNode send(String method, String path, Object body, Map<String, String> headers) {
    String text = encode(body);
    boolean repeatable = "GET".equals(method) || "PUT".equals(method); // a resent DELETE would answer 404
    List<String> failures = new ArrayList<>();
    for (URI server : servers) {
      HttpRequest request = request(server, method, path, text, headers);
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        failures.add(server + ": " + describe(e));
        continue; // never reached the server: safe to try the next one
      } catch (IOException e) {
        failures.add(server + ": " + describe(e));
        if (repeatable) {
          continue;
        }
        throw CliException.unavailable(method + " " + path + " to " + server + " failed after it was sent ("
            + describe(e) + "); it may or may not have taken effect", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.ERROR, "interrupted", e);
      }
      return answer(server, method, path, response);
    }
    throw CliException.unavailable("cannot reach any Drover server: " + String.join("; ", failures), null);
  }

  private HttpRequest request(URI server, String method, String path, String text, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path))
        .timeout(requestTimeout)
        .header("Accept", "application/json")
        .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text));
    if (text != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    return b.build();
  }

  private JsonNode answer(URI server, String method, String path, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode json = parse(response.body());
    if (status >= 200 && status < 300) {
      if (json == null && response.body() != null && !response.body().isBlank()) {
        throw new CliException(ExitCodes.ERROR, server + " answered " + method + " " + path
            + " with something that is not JSON: " + abbreviate(response.body()));
      }
      return json;
    }
    JsonNode error = json == null ? null : json.path("error");
    String code = error == null || error.isMissingNode() ? "HTTP_" + status : error.path("code").asText();
    String message = error == null || error.isMissingNode()
        ? abbreviate(response.body() == null ? "" : response.body())
        : error.path("message").asText();
    String hint = "";
    if (status == 401) {
      hint = token == null ? " (no token: pass --token or set DROVER_TOKEN; an operator creates one with"
          + " 'droverctl token create')" : " (is the token revoked or mistyped?)";
    }
    throw new CliException(ExitCodes.forHttpStatus(status), code + ": " + message + hint + " [HTTP " + status
        + " from " + server + "]", json != null && json.has("error") ? json : null, null);
  }

  private static String encode(Object body) {
    if (body == null) {
      return null;
    }
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the request body: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() > 200 ? one.substring(0, 200) + "..." : one;
  }
}
