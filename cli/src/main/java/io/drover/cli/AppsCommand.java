package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code droverctl apps}: GET /api/v1/apps. */
@Command(name = "apps", description = "Lists the apps with their leader, fencing epoch and connected workers.")
final class AppsCommand extends CliCommand {
  @Mixin ApiOptions api;
  @Mixin OutputOptions output;

  @Override
  int run() {
    JsonNode apps = api.client(env).get("/api/v1/apps");
    Table table = new Table("NAME", "LEADER", "EPOCH", "WORKERS");
    apps.forEach(a -> table.row(Printer.text(a, "name"), Printer.text(a, "leader"), Printer.text(a, "epoch"),
        Printer.text(a, "workers")));
    new Printer(env, output).result(apps, table);
    return ExitCodes.OK;
  }
}
