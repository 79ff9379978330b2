package io.drover.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Command-line helpers the benches' option parsers share: flag values, whole numbers, where results go. */
public final class Args {
  private Args() {}

  /** The value after {@code flag} at {@code args[i]}; a clear error (with the usage, when given) if missing. */
  public static String value(String[] args, int i, String flag, String usage) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value" + suffix(usage));
    }
    return args[i];
  }

  public static int intArg(String[] args, int i, String flag, String usage) {
    return parseInt(value(args, i, flag, usage), flag, usage);
  }

  public static long longArg(String[] args, int i, String flag, String usage) {
    String v = value(args, i, flag, usage);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got '" + v + "'" + suffix(usage));
    }
  }

  public static int parseInt(String v, String what, String usage) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + v + "'" + suffix(usage));
    }
  }

  /** {@code bench/results} from the repository root, {@code results} from the bench module. */
  public static Path resultsDir() {
    return Files.isDirectory(Path.of("bench")) ? Path.of("bench", "results") : Path.of("results");
  }

  /** {@code resultsDir()/NAME-<time>.json}. */
  public static Path resultFile(String name) {
    return resultsDir().resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + ".json");
  }

  private static String suffix(String usage) {
    return usage == null || usage.isEmpty() ? "" : "\n" + usage;
  }
}
