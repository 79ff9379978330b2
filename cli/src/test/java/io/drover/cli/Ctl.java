package io.drover.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs droverctl in-process with a given environment and captures what it prints. */
final class Ctl {
  private final Map<String, String> env;

  Ctl(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The same environment with one more (or another) variable. */
  Ctl with(String name, String value) {
    Map<String, String> e = new HashMap<>(env);
    e.put(name, value);
    return new Ctl(e);
  }

  /** The same environment without a variable. */
  Ctl without(String name) {
    Map<String, String> e = new HashMap<>(env);
    e.remove(name);
    return new Ctl(e);
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Droverctl.with(env, o, e, null).execute(args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        List.of(args));
  }

  /** Starts a command line on another thread; its output can be read while it runs. */
  Background start(String... args) {
    return new Background(env, args);
  }

  /** A command line running on its own thread. */
  static final class Background {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final java.util.concurrent.CompletableFuture<Integer> code;
    private final List<String> args;

    Background(Map<String, String> env, String... args) {
      this.args = List.of(args);
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      code = new java.util.concurrent.CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          code.complete(Droverctl.with(env, o, e, null).execute(args));
        } catch (Throwable x) {
          code.completeExceptionally(x);
        }
      }, "droverctl-" + String.join("-", args));
      t.setDaemon(true);
      t.start();
    }

    /** What it has printed so far. */
    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    boolean done() {
      return code.isDone();
    }

    /** Waits for it to end. */
    Result result(java.time.Duration timeout) throws Exception {
      int c = code.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return new Result(c, out(), err.toString(StandardCharsets.UTF_8), args);
    }
  }

  /** What one command line did. */
  record Result(int code, String out, String err, List<String> args) {
    JsonNode json() {
      try {
        return ApiClient.JSON.readTree(out);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON from droverctl " + args + ": " + out + "\nstderr: " + err, e);
      }
    }

    /** Every line of stdout parsed as JSON (NDJSON). */
    List<JsonNode> jsonLines() {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          try {
            lines.add(ApiClient.JSON.readTree(line));
          } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON line: " + line, e);
          }
        }
      }
      return lines;
    }

    @Override
    public String toString() {
      return "droverctl " + args + " -> " + code + "\nstdout: " + out + "\nstderr: " + err;
    }
  }
}
