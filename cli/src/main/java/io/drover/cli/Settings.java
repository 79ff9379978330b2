package io.drover.cli;

import io.drover.scheduler.config.ConfigLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The server's configuration keys as {@code droverctl} sees them, with the server's precedence plus flags on top:
 * a command-line flag, else the environment variable ({@code drover.zk.connect} is {@code DROVER_ZK_CONNECT}),
 * else the configuration file, else the default. The file is {@code --config}, else {@code DROVER_CONFIG}, else
 * {@code conf/server.properties} of the install when it exists.
 */
final class Settings {
  private final CliEnv cli;
  private final Properties file;
  private final Path source;

  private Settings(CliEnv cli, Properties file, Path source) {
    this.cli = cli;
    this.file = file;
    this.source = source;
  }

  /** Reads the configuration file; {@code configFlag} may be null. */
  static Settings load(CliEnv cli, Path configFlag) {
    Path path = configFlag;
    boolean required = path != null;
    if (path == null && cli.var("DROVER_CONFIG") != null) {
      path = Path.of(cli.var("DROVER_CONFIG"));
      required = true;
    }
    if (path == null && cli.home() != null) {
      path = cli.home().resolve("conf").resolve("server.properties");
    }
    Properties p = new Properties();
    if (path != null && (required || Files.isRegularFile(path))) {
      try (Reader r = Files.newBufferedReader(path)) {
        p.load(r);
      } catch (IOException e) {
        throw CliException.usage("cannot read configuration file " + path + ": " + e.getMessage());
      }
    } else {
      path = null;
    }
    return new Settings(cli, p, path);
  }

  /** The value of {@code key}: {@code flag} when given, else the environment, else the file, else {@code dflt}. */
  String get(String key, String flag, String dflt) {
    if (flag != null && !flag.isBlank()) {
      return flag.trim();
    }
    String v = cli.var(ConfigLoader.envName(key));
    if (v == null) {
      String f = file.getProperty(key);
      v = f == null || f.isBlank() ? null : f.trim();
    }
    return v == null ? dflt : v;
  }

  int getInt(String key, Integer flag, int dflt) {
    String v = get(key, flag == null ? null : String.valueOf(flag), String.valueOf(dflt));
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw CliException.usage(key + " must be a number, got '" + v + "'");
    }
  }

  /** The file read, or null when none was. */
  Path source() {
    return source;
  }
}
