package io.drover.cli;

import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output instead of a table (a mixin of every command that prints results). */
final class OutputOptions {
  @Option(names = "--json", description = "Print JSON (parseable; for scripts) instead of a table.")
  boolean json;
}
