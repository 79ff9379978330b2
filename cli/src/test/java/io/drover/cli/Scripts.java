package io.drover.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shell scripts of this install ({@code bin/}) as processes, with the environment given and none of the
 * caller's {@code DROVER_*} variables, and captures what they print.
 */
final class Scripts {
  private final Path home;
  private final Map<String, String> env;

  Scripts(Path home, Map<String, String> env) {
    this.home = home;
    this.env = Map.copyOf(env);
  }

  /** The install this test runs from: the parent of the cli module, where surefire runs. */
  static Path home() {
    Path cli = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path home = Files.isDirectory(cli.resolve("bin")) ? cli : cli.getParent();
    if (!Files.isRegularFile(home.resolve("bin/drover-server.sh"))) {
      throw new IllegalStateException("cannot find bin/drover-server.sh from " + cli);
    }
    return home;
  }

  /** What one script run did. */
  record Run(int code, String output, String errors, List<String> command) {
    @Override
    public String toString() {
      return command + " -> " + code + "\nstdout: " + output + "\nstderr: " + errors;
    }
  }

  /** Runs {@code bin/<script> args...} with these variables added; fails when it takes longer than a minute. */
  Run run(String script, Map<String, String> more, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin").resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
    pb.environment().putAll(env);
    pb.environment().putAll(more);
    try {
      Process p = pb.start();
      CompletableFuture<String> output = drain(p.getInputStream());
      CompletableFuture<String> errors = drain(p.getErrorStream());
      if (!p.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not end within a minute");
      }
      return new Run(p.exitValue(), output.get(10, TimeUnit.SECONDS), errors.get(10, TimeUnit.SECONDS), command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (Exception e) {
      throw new IllegalStateException("running " + command + " failed: " + e.getMessage(), e);
    }
  }

  /** Reads a stream to its end on a thread of its own. */
  private static CompletableFuture<String> drain(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> new Thread(task, "script-output").start());
  }
}
