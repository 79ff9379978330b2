package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droverctl jobs [--app APP]}: GET /api/v1/jobs. */
@Command(name = "jobs", description = "Lists jobs, of every app or of one.")
final class JobsCommand extends CliCommand {
  @Option(names = "--app", paramLabel = "APP", description = "Only this app's jobs.")
  String app;

  @Mixin ApiOptions api;
  @Mixin OutputOptions output;

  @Override
  int run() {
    JsonNode jobs = api.client(env).get("/api/v1/jobs" + Paths.query(Paths.params("app", app)));
    Table table = new Table("ID", "APP", "NAME", "SCHEDULE", "PROCESSOR", "ENABLED", "NEXT FIRE");
    jobs.forEach(j -> table.row(Printer.text(j, "id"), Printer.text(j, "app"), Printer.text(j, "name"),
        schedule(j), Printer.text(j, "processor"), j.path("enabled").asBoolean() ? "yes" : "no",
        Printer.time(j.get("nextFireAt"))));
    new Printer(env, output).result(jobs, table);
    return ExitCodes.OK;
  }

  /** {@code CRON 0 * * * * (Europe/Paris)}, {@code FIXED_RATE 5000}, {@code API}. */
  static String schedule(JsonNode job) {
    String type = Printer.text(job, "scheduleType");
    String expr = Printer.text(job, "scheduleExpr");
    String tz = Printer.text(job, "timeZone");
    String s = expr == null ? type : type + " " + expr;
    return "CRON".equals(type) && tz != null && !"UTC".equals(tz) ? s + " (" + tz + ")" : s;
  }
}
