package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code droverctl logs INSTANCE [--follow]}: GET /api/v1/instances/{id}/log?after={seq}, page after page. With
 * {@code --follow} it keeps polling until the instance has ended and its last lines are printed.
 */
@Command(name = "logs", description = {"Prints an instance's log lines; --follow keeps polling until the instance "
    + "has ended.", "With --json: one object {lines, next} without --follow; one JSON line per log line with it."})
final class LogsCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "INSTANCE_ID") long id;

  @Option(names = {"-F", "--follow"}, description = "Keep printing new lines until the instance ends.")
  boolean follow;

  @Option(names = "--after", paramLabel = "SEQ", description = "Only lines after this sequence number.")
  Long after;

  @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
      description = "Polling interval of --follow (default: ${DEFAULT-VALUE}).")
  long intervalMs;

  @Mixin ApiOptions api;
  @Mixin OutputOptions output;

  @Override
  int run() throws InterruptedException {
    ApiClient client = api.client(env);
    Printer printer = new Printer(env, output);
    ArrayNode collected = ApiClient.JSON.createArrayNode();
    Long cursor = after;
    boolean ended = false;
    int quietReads = 0;
    while (true) {
      JsonNode page = client.get(InstanceCommand.path(id) + "/log" + Paths.query(Paths.params("after", cursor)));
      JsonNode lines = page == null ? ApiClient.JSON.createArrayNode() : page.path("lines");
      for (JsonNode line : lines) {
        if (!printer.json()) {
          printer.line(format(line));
        } else if (follow) {
          printer.jsonLine(line);
        } else {
          collected.add(line);
        }
      }
      Long next = nextCursor(page, lines, cursor);
      boolean progressed = lines.size() > 0 && !java.util.Objects.equals(next, cursor);
      cursor = next;
      if (progressed) {
        quietReads = 0;
        continue; // there may be another page already
      }
      if (!follow) {
        break;
      }
      if (ended) {
        // The end status and the last lines are written by separate writers: wait until two reads a second
        // apart find nothing new before calling the log complete.
        if (++quietReads >= 2) {
          break;
        }
        Thread.sleep(Math.max(intervalMs, 1_000));
        continue;
      }
      JsonNode instance = client.get(InstanceCommand.path(id));
      if (InstanceCommand.TERMINAL.contains(instance.path("status").asText())) {
        ended = true;
        continue;
      }
      Thread.sleep(intervalMs);
    }
    if (printer.json() && !follow) {
      ObjectNode result = ApiClient.JSON.createObjectNode();
      result.set("lines", collected);
      if (cursor == null) {
        result.putNull("next");
      } else {
        result.put("next", cursor);
      }
      printer.result(result, "");
    }
    return ExitCodes.OK;
  }

  /** The server's {@code next}, else the last line's seq, else the cursor as it was. */
  private static Long nextCursor(JsonNode page, JsonNode lines, Long cursor) {
    if (page != null && page.path("next").isNumber()) {
      return page.path("next").asLong();
    }
    if (lines.size() > 0 && lines.get(lines.size() - 1).path("seq").isNumber()) {
      return lines.get(lines.size() - 1).path("seq").asLong();
    }
    return cursor;
  }

  private static String format(JsonNode line) {
    String level = Printer.text(line, "level");
    String worker = Printer.text(line, "worker");
    return Printer.preciseTime(line.get("ts")) + " " + String.format("%-5s", level == null ? "" : level) + " "
        + (worker == null ? "-" : worker) + "  " + line.path("line").asText();
  }
}
