package io.drover.bench;

import java.util.Map;

/**
 * A MySQL server named by {@code DROVER_BENCH_DB_URL} (e.g. {@code jdbc:mysql://127.0.0.1:3306/}), with
 * {@code DROVER_BENCH_DB_USER} (root), {@code DROVER_BENCH_DB_PASSWORD} (empty) and {@code DROVER_BENCH_KEEP_DB}
 * (false: the bench's fresh database is dropped at the end). Its {@code toString} leaves the password out.
 */
public record ExternalDb(String url, String user, String password, boolean keep) {

  /** The server the environment names, or null when it names none (the benches then use an embedded MariaDB). */
  public static ExternalDb fromEnv(Map<String, String> env) {
    String url = env.get("DROVER_BENCH_DB_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    return new ExternalDb(url.trim(), env.getOrDefault("DROVER_BENCH_DB_USER", "root"),
        env.getOrDefault("DROVER_BENCH_DB_PASSWORD", ""),
        Boolean.parseBoolean(env.getOrDefault("DROVER_BENCH_KEEP_DB", "false")));
  }

  @Override
  public String toString() {
    return "ExternalDb[url=" + url + ", user=" + user + ", keep=" + keep + "]";
  }
}
