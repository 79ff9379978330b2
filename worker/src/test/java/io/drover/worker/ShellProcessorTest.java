package io.drover.worker;

import static io.drover.worker.Fixture.dispatch;
import static io.drover.worker.Fixture.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.protocol.LogBatch;
import io.drover.protocol.Report;
import io.drover.protocol.Stop;
import io.drover.protocol.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell builtin runs real /bin/sh scripts: exit codes, output, environment, timeouts and STOP. */
class ShellProcessorTest {
  private static final Duration WAIT = TestServer.WAIT;
  private final WorkerThreads outputThreads = new WorkerThreads("shell-test-output-", false);
  private final ShellProcessor shell = new ShellProcessor(outputThreads);
  private final Fixture fixture = new Fixture();
  @TempDir
  Path dir;

  @AfterEach
  void closeAll() throws Exception {
    fixture.close();
    assertThat(outputThreads.awaitAllEnded(5_000)).as("output readers ended").isTrue();
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** A script that starts a child, writes both pids, and waits for the child (60 s). */
  private String sleeper() {
    return "sleep 60 & echo $! > " + dir.resolve("child.pid") + "; echo $$ > " + dir.resolve("shell.pid")
        + "; echo started; wait";
  }

  private long pid(String file) throws IOException {
    Path p = dir.resolve(file);
    await().atMost(WAIT).until(() -> Files.exists(p) && Files.readString(p).endsWith("\n"));
    return Long.parseLong(Files.readString(p).trim());
  }

  /** Gone: no such process, or a zombie left for a parent that no longer waits (the test JVM is not init). */
  private static boolean gone(long pid) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
      } catch (IOException e) {
        return true;
      }
    }
    return true;
  }

  @Test
  void exitZeroSucceedsAndOutputLinesAreLogged() throws Exception {
    RecordingContext ctx = new RecordingContext("{\"script\": " + json("echo hello; echo world") + "}");
    assertThat(shell.process(ctx)).isEqualTo(Result.ok("exit 0"));
    assertThat(ctx.lines).contains("INFO hello", "INFO world");
    assertThat(ctx.lines.get(0)).startsWith("INFO started [/bin/sh, -c, echo hello; echo world] (pid ");
  }

  @Test
  void nonZeroExitFailsWithTheLastOutputLineAndStderrIsAWarning() throws Exception {
    RecordingContext ctx = new RecordingContext("{\"script\": "
        + json("echo working; echo 'disk full' >&2; exit 3") + "}");
    assertThat(shell.process(ctx)).isEqualTo(Result.fail("exit 3: disk full"));
    assertThat(ctx.lines).contains("INFO working", "WARN disk full");
    assertThat(shell.process(new RecordingContext("{\"script\": \"exit 4\"}"))).isEqualTo(Result.fail("exit 4"));
  }

  @Test
  void envWorkDirShellAndScriptFilesAreUsed() throws Exception {
    Path script = dir.resolve("job.sh");
    Files.writeString(script, "echo \"$GREETING from $(pwd)\"\necho \"$0\"\n");
    RecordingContext ctx = new RecordingContext("{\"file\": " + json(script.toString())
        + ", \"shell\": \"/bin/bash\", \"env\": {\"GREETING\": \"hello\"}, \"workDir\": " + json(dir.toString())
        + "}");
    assertThat(shell.process(ctx)).isEqualTo(Result.ok("exit 0"));
    assertThat(ctx.lines).contains("INFO hello from " + dir.toRealPath(), "INFO " + script);
  }

  @Test
  void timeoutKillsTheScriptAndItsChildren() throws Exception {
    RecordingContext ctx = new RecordingContext("{\"script\": " + json(sleeper()) + ", \"timeoutMs\": 500}");
    long start = System.nanoTime();
    assertThat(shell.process(ctx)).isEqualTo(Result.fail("timed out after 500 ms"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    long shellPid = pid("shell.pid");
    long childPid = pid("child.pid");
    await().atMost(WAIT).until(() -> gone(shellPid) && gone(childPid));
    assertThat(ctx.lines).contains("INFO started");
    assertThat(ctx.lines.get(ctx.lines.size() - 1))
        .startsWith("WARN timed out after 500 ms: killed the script and its child processes");
  }

  @Test
  void interruptionKillsTheScriptAndItsChildren() throws Exception {
    RecordingContext ctx = new RecordingContext("{\"script\": " + json(sleeper()) + "}");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      try {
        shell.process(ctx);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    runner.start();
    long childPid = pid("child.pid");
    long shellPid = pid("shell.pid");
    runner.interrupt();
    runner.join(WAIT.toMillis());
    assertThat(runner.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    await().atMost(WAIT).until(() -> gone(shellPid) && gone(childPid));
  }

  @Test
  void stopFromTheServerCancelsTheAttemptAndKillsTheScript() throws Exception {
    TestServer s = fixture.server();
    Worker w = fixture.start(Fixture.worker("w-shell", s.address()).builtins("shell"));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    s.send(1, dispatch(81, "shell", "{\"script\": " + json(sleeper()) + "}"));
    s.expect(Report.class, r -> is(r, 81, TaskStatus.RUNNING));
    long childPid = pid("child.pid");
    long shellPid = pid("shell.pid");

    s.send(new Stop(81, 1, "stopped by the operator"));
    assertThat(s.expect(Report.class, r -> is(r, 81, TaskStatus.CANCELED)).result())
        .isEqualTo("stopped by the operator");
    await().atMost(WAIT).until(() -> gone(shellPid) && gone(childPid));
    await().atMost(WAIT).until(() -> s.all(LogBatch.class).stream().flatMap(b -> b.lines().stream())
        .anyMatch(l -> l.instanceId() == 81 && l.line().equals("started")));
  }

  @Test
  void badParamsFailWithAClearMessage() throws Exception {
    assertThat(shell.process(new RecordingContext("")).message())
        .isEqualTo("shell: params are required, a JSON object like {\"script\": \"echo hi\"}");
    assertThat(shell.process(new RecordingContext("echo hi")).message())
        .startsWith("shell: params are not valid JSON");
    assertThat(shell.process(new RecordingContext("{\"script\": \"x\", \"file\": \"y\"}")).message())
        .isEqualTo("shell: params need either \"script\" or \"file\", not both, e.g. {\"script\": \"echo hi\"}");
    assertThat(shell.process(new RecordingContext("{}")).message()).contains("not neither");
    assertThat(shell.process(new RecordingContext("{\"scirpt\": \"x\"}")).message())
        .startsWith("shell: unknown field 'scirpt' in params; known: ").contains("script");
    assertThat(shell.process(new RecordingContext("{\"script\": \"x\", \"timeoutMs\": \"soon\"}")).message())
        .startsWith("shell: bad params field 'timeoutMs': ");
    assertThat(shell.process(new RecordingContext("{\"script\": \"x\", \"timeoutMs\": 0}")).message())
        .isEqualTo("shell: \"timeoutMs\" must be at least 1, got 0");
    assertThat(shell.process(new RecordingContext("{\"file\": \"/no/such/script.sh\"}")).message())
        .isEqualTo("shell: script file '/no/such/script.sh' does not exist");
    assertThat(shell.process(new RecordingContext("{\"script\": \"x\", \"workDir\": \"/no/such/dir\"}")).message())
        .isEqualTo("shell: \"workDir\" '/no/such/dir' is not a directory");
    assertThat(shell.process(new RecordingContext("{\"script\": \"x\", \"shell\": \"/no/such/sh\"}")).message())
        .startsWith("shell: cannot start [/no/such/sh, -c, x]: ");
  }

  @Test
  void builtinsAreOptInAndChecked() {
    assertThatThrownBy(() -> Worker.builder().builtins("shell", "ftp")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown builtin 'ftp'; known: [http, shell]");
    assertThat(Builtins.parse("shell, http", "shell", null, "")).containsExactly("shell", "http");
    assertThatThrownBy(() -> Worker.builder().app("a").servers("127.0.0.1:7701").builtins("shell")
        .processor("shell", ctx -> Result.ok("mine")).start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("processor 'shell' is registered twice");
  }
}
