package io.drover.worker;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * The built-in processors a worker may enable by name with {@link Worker.Builder#builtins(String...)}:
 * {@value ShellProcessor#NAME} ({@link ShellProcessor}) and {@value HttpProcessor#NAME} ({@link HttpProcessor}).
 * None is on by default: they run programs and call URLs that a job's params name.
 */
final class Builtins {
  static final List<String> NAMES = List.of(HttpProcessor.NAME, ShellProcessor.NAME);

  private Builtins() {}

  /** The names given (each may be a comma separated list), checked, without repeats, in order. */
  static List<String> parse(String... names) {
    Set<String> parsed = new LinkedHashSet<>();
    if (names != null) {
      for (String list : names) {
        if (list == null) {
          continue;
        }
        for (String name : list.split(",")) {
          String n = name.trim();
          if (n.isEmpty()) {
            continue;
          }
          if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown builtin '" + n + "'; known: " + NAMES);
          }
          parsed.add(n);
        }
      }
    }
    return List.copyOf(parsed);
  }

  /**
   * The processors for the names, by name.
   *
   * @param helperThreads makes the threads that read a script's output
   */
  static Map<String, Processor> create(List<String> names, ThreadFactory helperThreads) {
    Map<String, Processor> processors = new LinkedHashMap<>();
    for (String name : names) {
      processors.put(name, switch (name) {
        case ShellProcessor.NAME -> new ShellProcessor(helperThreads);
        case HttpProcessor.NAME -> new HttpProcessor();
        default -> throw new IllegalArgumentException("unknown builtin '" + name + "'; known: " + NAMES);
      });
    }
    return processors;
  }
}
