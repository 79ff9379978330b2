package io.drover.cli;

import picocli.CommandLine.Option;

/** Where the HTTP API is and how to authenticate (a mixin of every command that calls the API). */
final class ApiOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:7700";

  @Option(names = "--server", paramLabel = "URL[,URL...]",
      description = "Server URL; a comma list is tried in order (default: env DROVER_SERVER or " + DEFAULT_SERVER
          + ").")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "API token (default: env DROVER_TOKEN).")
  String token;

  @Option(names = "--request-timeout-ms", paramLabel = "MS",
      description = "Timeout of one HTTP request (default: 30000).")
  Integer timeoutMs;

  /** The client these options name; {@code env} supplies the defaults. */
  ApiClient client(CliEnv env) {
    return client(env, timeoutMs == null ? 30_000 : timeoutMs, 3_000);
  }

  /** The client these options name, with the given timeouts (for an optional call that must not hold us up). */
  ApiClient client(CliEnv env, long requestTimeoutMs, long connectTimeoutMs) {
    String servers = server != null && !server.isBlank() ? server : env.var("DROVER_SERVER");
    String t = token != null && !token.isBlank() ? token : env.var("DROVER_TOKEN");
    return new ApiClient(ApiClient.parseServers(servers == null ? DEFAULT_SERVER : servers), t, requestTimeoutMs,
        connectTimeoutMs);
  }
}
