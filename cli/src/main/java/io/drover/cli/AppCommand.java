package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code droverctl app create|workers}. */
@Command(name = "app", description = "Creates an app or lists its workers.",
    subcommands = {AppCommand.Create.class, AppCommand.Workers.class})
final class AppCommand {

  /** {@code droverctl app create NAME --secret S}: POST /api/v1/apps. */
  @Command(name = "create", description = "Creates an app; its workers authenticate with the secret.")
  static final class Create extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Option(names = "--secret", required = true, paramLabel = "SECRET",
        description = "The app's shared secret, at least 8 characters (workers prove they know it).")
    String secret;

    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      var body = ApiClient.JSON.createObjectNode().put("name", name).put("secret", secret);
      JsonNode app = api.client(env).post("/api/v1/apps", body);
      new Printer(env, output).result(app, "app " + Printer.text(app, "name") + " created");
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl app workers APP}: GET /api/v1/apps/{app}/workers. */
  @Command(name = "workers", description = "Lists the workers connected to the app's leader.")
  static final class Workers extends CliCommand {
    @Parameters(index = "0", paramLabel = "APP") String app;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      JsonNode workers = api.client(env).get("/api/v1/apps/" + Paths.segment(app) + "/workers");
      Table table = new Table("ID", "ADDRESS", "LABELS", "LOAD", "RUNNING");
      workers.forEach(w -> table.row(Printer.text(w, "id"), Printer.text(w, "address"),
          w.path("labels").isObject() && w.path("labels").size() > 0 ? w.path("labels").toString() : null,
          Printer.text(w, "load"), Printer.text(w, "running")));
      new Printer(env, output).result(workers, table);
      return ExitCodes.OK;
    }
  }
}
