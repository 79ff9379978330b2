package io.drover.scheduler.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** File-tree chores of the embedded servers. */
final class Directories {
  private Directories() {}

  static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Deletes {@code dir} and everything below it; a missing directory is fine. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> tree = Files.walk(dir)) {
      deepestFirst = tree.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
    }
    for (Path p : deepestFirst) {
      try {
        Files.delete(p);
      } catch (NoSuchFileException gone) {
        // already removed (for example a socket or pid file its server deleted while stopping)
      }
    }
  }
}
