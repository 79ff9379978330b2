package io.drover.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command runs with, passed in rather than read from globals so that tests run commands in-process.
 *
 * @param env  the environment variables (DROVER_SERVER, DROVER_TOKEN, DROVER_ZK_CONNECT, ...)
 * @param out  where results go
 * @param err  where messages for a person go
 * @param home the Drover install (its {@code conf/server.properties} is read when present), or null
 */
record CliEnv(Map<String, String> env, PrintStream out, PrintStream err, Path home) {
  CliEnv {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** The environment variable, or null when unset or blank. */
  String var(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
