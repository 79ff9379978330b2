package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code droverctl instance show|attempts|stop|retry ID}. */
@Command(name = "instance", description = "Shows, stops or retries one instance.",
    subcommands = {InstanceCommand.Show.class, InstanceCommand.Attempts.class, InstanceCommand.Stop.class,
        InstanceCommand.Retry.class})
final class InstanceCommand {
  /** Instance states after which nothing changes any more. */
  static final java.util.Set<String> TERMINAL = java.util.Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELED",
      "SKIPPED");

  static String path(long id) {
    return "/api/v1/instances/" + id;
  }

  /** {@code droverctl instance show ID}. */
  @Command(name = "show", description = "Shows an instance: status, attempt, worker, result and times.")
  static final class Show extends CliCommand {
    @Parameters(index = "0", paramLabel = "INSTANCE_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      new Printer(env, output).object(api.client(env).get(path(id)));
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl instance attempts ID}. */
  @Command(name = "attempts", description = "Lists an instance's ended attempts.")
  static final class Attempts extends CliCommand {
    @Parameters(index = "0", paramLabel = "INSTANCE_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      JsonNode list = api.client(env).get(path(id) + "/attempts");
      Table table = new Table("ATTEMPT", "STATUS", "WORKER", "DISPATCHED", "FINISHED", "RESULT");
      list.forEach(a -> table.row(Printer.text(a, "attempt"), Printer.text(a, "status"), Printer.text(a, "worker"),
          Printer.time(a.get("dispatchedAt")), Printer.time(a.get("finishedAt")), Printer.text(a, "result")));
      new Printer(env, output).result(list, table);
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl instance stop ID}. */
  @Command(name = "stop", description = "Stops a running or waiting instance (it ends CANCELED).")
  static final class Stop extends CliCommand {
    @Parameters(index = "0", paramLabel = "INSTANCE_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      JsonNode accepted = api.client(env).post(path(id) + "/stop", null);
      new Printer(env, output).result(accepted == null ? ApiClient.JSON.createObjectNode().put("instanceId", id)
          : accepted, "stop of instance " + id + " accepted");
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl instance retry ID}. */
  @Command(name = "retry", description = "Runs an ended instance again; prints the instance id that runs.")
  static final class Retry extends CliCommand {
    @Parameters(index = "0", paramLabel = "INSTANCE_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      JsonNode accepted = api.client(env).post(path(id) + "/retry", null);
      JsonNode body = accepted == null ? ApiClient.JSON.createObjectNode().put("instanceId", id) : accepted;
      new Printer(env, output).result(body, body.path("instanceId").asText());
      return ExitCodes.OK;
    }
  }
}
