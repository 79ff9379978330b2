package io.drover.worker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value #NAME} builtin: runs a script with a shell and streams its output to the instance log.
 *
 * <p>Params: {@code {"script": "echo hi"}} or {@code {"file": "/path/to/script.sh"}}, optional {@code "shell"}
 * (default {@code /bin/sh}), {@code "env"} (added to the worker's environment), {@code "workDir"} and
 * {@code "timeoutMs"}. Each stdout line is logged at INFO and each stderr line at WARN, as they come. Exit code 0
 * succeeds with {@code exit 0}; any other fails with {@code exit N: <last line>} (the last line on stderr, else
 * on stdout). On a timeout or an interruption (STOP) the script and every process it started are killed: SIGTERM, then SIGKILL after a grace
 * period. A process that leaves the tree (a double fork) escapes.
 */
final class ShellProcessor implements Processor {
  private static final Logger log = LoggerFactory.getLogger(ShellProcessor.class);
  static final String NAME = "shell";
  private static final String EXAMPLE = "{\"script\": \"echo hi\"}";
  private static final String DEFAULT_SHELL = "/bin/sh";
  /** How long killed processes get to end after SIGTERM before SIGKILL. */
  static final long KILL_GRACE_MS = 2_000;
  /** How long to wait for the rest of the output once the script ended. */
  private static final long OUTPUT_DRAIN_MS = 1_000;
  /** Characters kept of one output line; the instance log truncates further. */
  private static final int MAX_LINE_CHARS = 64 * 1024;
  /** Characters of the last output line kept in a failure's result. */
  private static final int RESULT_LINE_CHARS = 1024;

  /** The params of one run. */
  record Params(String script, String file, String shell, Map<String, String> env, Long timeoutMs,
                String workDir) {}

  private final ThreadFactory outputThreads;

  /** @param outputThreads makes the threads that read a script's stdout and stderr */
  ShellProcessor(ThreadFactory outputThreads) {
    this.outputThreads = outputThreads;
  }

  @Override
  public Result process(TaskContext ctx) throws InterruptedException {
    Params p;
    ProcessBuilder pb;
    try {
      p = BuiltinParams.read(NAME, ctx.params(), Params.class, EXAMPLE);
      pb = processBuilder(p);
    } catch (IllegalArgumentException e) {
      return Result.fail(e.getMessage());
    }
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return Result.fail(NAME + ": cannot start " + pb.command() + ": " + BuiltinParams.describe(e));
    }
    ctx.log().info("started {} (pid {})", pb.command(), process.pid());
    AtomicReference<String> lastLine = new AtomicReference<>();
    AtomicReference<String> lastError = new AtomicReference<>();
    List<Thread> readers = List.of(
        read(process.getInputStream(), line -> ctx.log().info("{}", line), lastLine, ctx, "stdout"),
        read(process.getErrorStream(), line -> ctx.log().warn("{}", line), lastError, ctx, "stderr"));
    closeStdin(process, ctx);
    boolean ended = true;
    try {
      if (p.timeoutMs() == null) {
        process.waitFor();
      } else {
        ended = process.waitFor(p.timeoutMs(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      int killed = killTree(process);
      join(readers, KILL_GRACE_MS);
      ctx.log().warn("interrupted: killed the script and its child processes ({} in all)", killed);
      throw e;
    }
    if (!ended) {
      int killed = killTree(process);
      join(readers, KILL_GRACE_MS);
      ctx.log().warn("timed out after {} ms: killed the script and its child processes ({} in all)", p.timeoutMs(),
          killed);
      return Result.fail("timed out after " + p.timeoutMs() + " ms");
    }
    join(readers, OUTPUT_DRAIN_MS);
    int code = process.exitValue();
    if (code == 0) {
      return Result.ok("exit 0");
    }
    // stderr says why, when it says anything; the two streams are read concurrently, so their order is unknown
    String last = lastError.get() != null ? lastError.get() : lastLine.get();
    return Result.fail("exit " + code + (last == null ? "" : ": " + last));
  }

  private static ProcessBuilder processBuilder(Params p) {
    if ((p.script() == null) == (p.file() == null)) {
      throw new IllegalArgumentException(NAME + ": params need either \"script\" or \"file\", not "
          + (p.script() == null ? "neither" : "both") + ", e.g. " + EXAMPLE);
    }
    String shell = p.shell() == null ? DEFAULT_SHELL : p.shell().trim();
    if (shell.isEmpty()) {
      throw new IllegalArgumentException(NAME + ": \"shell\" must not be blank");
    }
    if (p.timeoutMs() != null && p.timeoutMs() < 1) {
      throw new IllegalArgumentException(NAME + ": \"timeoutMs\" must be at least 1, got " + p.timeoutMs());
    }
    List<String> command = new ArrayList<>(List.of(shell));
    if (p.script() != null) {
      command.add("-c");
      command.add(p.script());
    } else {
      if (!Files.isRegularFile(Path.of(p.file()))) {
        throw new IllegalArgumentException(NAME + ": script file '" + p.file() + "' does not exist");
      }
      command.add(p.file());
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    if (p.workDir() != null) {
      File dir = new File(p.workDir());
      if (!dir.isDirectory()) {
        throw new IllegalArgumentException(NAME + ": \"workDir\" '" + p.workDir() + "' is not a directory");
      }
      pb.directory(dir);
    }
    if (p.env() != null) {
      p.env().forEach((k, v) -> {
        if (k.isEmpty() || k.indexOf('=') >= 0 || v == null) {
          throw new IllegalArgumentException(NAME + ": bad \"env\" entry '" + k + "': names must be non-empty "
              + "without '=', values not null");
        }
        pb.environment().put(k, v);
      });
    }
    return pb;
  }

  /** Starts a thread that sends each line of the stream to the sink and remembers the last non-blank one. */
  private Thread read(InputStream in, Consumer<String> sink, AtomicReference<String> lastLine, TaskContext ctx,
                      String stream) {
    Thread t = outputThreads.newThread(() -> {
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        readLines(r, line -> {
          sink.accept(line);
          if (!line.isBlank()) {
            lastLine.set(line.length() <= RESULT_LINE_CHARS ? line : line.substring(0, RESULT_LINE_CHARS) + "...");
          }
        });
      } catch (IOException e) {
        log.debug("Stopped reading the {} of a script of instance {}: {}", stream, ctx.instanceId(),
            e.getMessage());
      }
    });
    t.start();
    return t;
  }

  /** Splits the text into lines ({@code \n} or {@code \r\n}), keeping at most {@link #MAX_LINE_CHARS} of each. */
  static void readLines(Reader r, Consumer<String> sink) throws IOException {
    StringBuilder line = new StringBuilder();
    char[] buf = new char[8192];
    int n;
    while ((n = r.read(buf)) >= 0) {
      for (int i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n') {
          int end = line.length();
          sink.accept(line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end));
          line.setLength(0);
        } else if (line.length() < MAX_LINE_CHARS) {
          line.append(c);
        }
      }
    }
    if (line.length() > 0) {
      sink.accept(line.toString());
    }
  }

  private static void closeStdin(Process process, TaskContext ctx) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      log.debug("Cannot close the stdin of the script of instance {}: {}", ctx.instanceId(), e.getMessage());
    }
  }

  /**
   * Kills the process and its descendants: SIGTERM first, SIGKILL to those still alive after
   * {@link #KILL_GRACE_MS}. Keeps the calling thread's interrupt status.
   *
   * @return how many processes were signalled
   */
  static int killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_GRACE_MS);
    boolean interrupted = false;
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || interrupted) {
        break;
      }
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | TimeoutException e) {
        // still alive: killed below
      }
    }
    List<ProcessHandle> survivors = new ArrayList<>();
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.descendants().forEach(survivors::add);
        survivors.add(h);
      }
    }
    survivors.forEach(ProcessHandle::destroyForcibly);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return tree.size();
  }

  /** Waits up to the timeout for the output readers; ones still reading are left to end with the stream. */
  private static void join(List<Thread> readers, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (Thread t : readers) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left > 0) {
        t.join(left);
      }
    }
    if (readers.stream().anyMatch(Thread::isAlive)) {
      log.debug("A script's output is still open {} ms after it ended (a background process holds it)", timeoutMs);
    }
  }
}
