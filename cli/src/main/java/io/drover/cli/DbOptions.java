package io.drover.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the database is, with the server's settings as defaults (a mixin of the token commands). */
final class DbOptions {
  @Option(names = "--db-url", paramLabel = "JDBC_URL",
      description = "Database URL (default: drover.db.url from the configuration / env DROVER_DB_URL).")
  String url;

  @Option(names = "--db-user", paramLabel = "USER",
      description = "Database user (default: drover.db.user / DROVER_DB_USER, else root).")
  String user;

  @Option(names = "--db-password", paramLabel = "PASSWORD",
      description = "Database password (default: drover.db.password / DROVER_DB_PASSWORD).")
  String password;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Server configuration file to read settings from (default: env DROVER_CONFIG, else "
          + "conf/server.properties of this install).")
  Path config;

  /** Opens the token store on the database these options name. */
  TokenDatabase open(CliEnv env) {
    Settings s = Settings.load(env, config);
    String u = s.get("drover.db.url", url, null);
    if (u == null) {
      throw CliException.usage("no database: pass --db-url, set DROVER_DB_URL or drover.db.url in "
          + (s.source() == null ? "conf/server.properties" : s.source()));
    }
    return TokenDatabase.open(u, s.get("drover.db.user", user, "root"), s.get("drover.db.password", password, ""));
  }
}
