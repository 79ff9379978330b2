package io.drover.bench.procs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One child JVM of the bench: {@code java -cp <this JVM's class path> <main>} with its standard output and error
 * appended to a log file, started in a working directory of its own (so that no {@code conf/} of the caller's
 * directory is read), with no {@code DROVER_*} variable of the caller's environment (the child's settings are the
 * system properties given here, nothing else). Its standard input stays open as a pipe: the bench's own children
 * ({@link BenchInfra}, {@link BenchWorkerMain}) exit when it closes, so they do not outlive a bench JVM that died.
 */
final class ChildJvm implements AutoCloseable {
  /** What to run: a name for messages, the main class, the heap, {@code -D} properties and arguments. */
  record Launch(String name, String mainClass, String heap, Map<String, String> properties, List<String> args,
                Path logFile, Path workDir) {}

  private final Launch launch;
  private final Process process;

  private ChildJvm(Launch launch, Process process) {
    this.launch = launch;
    this.process = process;
  }

  static ChildJvm start(Launch l) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + l.heap());
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    l.properties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(l.mainClass());
    cmd.addAll(l.args());
    Files.createDirectories(l.workDir());
    Files.createDirectories(l.logFile().toAbsolutePath().getParent());
    Files.writeString(l.logFile(), marker(l.name()) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(l.workDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(l.logFile().toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("DROVER_"));
    return new ChildJvm(l, pb.start());
  }

  /**
   * This JVM's class path with every entry made absolute: a child runs in a directory of its own, where the
   * relative entries of the scripts ({@code bench/target/classes}) would name nothing.
   */
  static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The line written to the log before each run of the child. */
  private static String marker(String name) {
    return "---- " + name + " starting";
  }

  String name() {
    return launch.name();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  Path logFile() {
    return launch.logFile();
  }

  /**
   * Waits until a line of this run of the log starts with {@code prefix} and returns it; fails with the log's tail
   * when the process exits first or the time runs out.
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> line = ownLines().stream().filter(s -> s.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name() + " exited with " + process.exitValue() + " before printing "
            + prefix + "; its log " + logFile() + " ends:\n" + tail(30));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name() + " did not print " + prefix + " within " + timeout.toSeconds()
            + " s; its log " + logFile() + " ends:\n" + tail(30));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** The lines this run wrote (the log file is shared by every run of the same child, appended). */
  private List<String> ownLines() {
    List<String> all = readLog();
    int start = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).equals(marker(name()))) {
        start = i + 1;
      }
    }
    return all.subList(start, all.size());
  }

  /** The last {@code n} lines of the log. */
  String tail(int n) {
    List<String> all = readLog();
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }

  private List<String> readLog() {
    try {
      return Files.readAllLines(logFile(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + name() + ": " + logFile(), e);
    }
  }

  /**
   * kill -9: the process gets no chance to clean up. Its own children (mariadbd under {@link BenchInfra}) are
   * killed with it, since nothing else would stop them. Returns once it is gone.
   */
  void kill() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name() + " (pid " + pid() + ") still runs 30 s after SIGKILL");
    }
  }

  /**
   * SIGTERM, then waits up to {@code grace} for the process to exit (a Drover server hands its apps over first);
   * SIGKILL after that. Returns the exit code, or empty when it had to be killed.
   */
  Optional<Integer> stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return Optional.of(process.exitValue());
    }
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.of(process.exitValue());
    }
    kill();
    return Optional.empty();
  }

  /** Stops the process (SIGTERM, 30 s, then SIGKILL) if it still runs. */
  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    return name() + " (pid " + pid() + ", log " + logFile() + ")";
  }
}
