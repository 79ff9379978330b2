package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droverctl instances}: GET /api/v1/instances, newest first. */
@Command(name = "instances", description = "Lists instances (runs), newest first.")
final class InstancesCommand extends CliCommand {
  @Option(names = "--job", paramLabel = "JOB_ID", description = "Only this job's.") Long jobId;
  @Option(names = "--app", paramLabel = "APP", description = "Only this app's.") String app;

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only in this status (WAITING_DISPATCH, DISPATCHED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, "
          + "CANCELED, SKIPPED).")
  String status;

  @Option(names = "--limit", paramLabel = "N", description = "At most N (server default 100).") Integer limit;

  @Option(names = "--before", paramLabel = "INSTANCE_ID",
      description = "Only older than this instance id (to page: pass the last id shown).")
  Long before;

  @Mixin ApiOptions api;
  @Mixin OutputOptions output;

  @Override
  int run() {
    JsonNode list = api.client(env).get("/api/v1/instances" + Paths.query(Paths.params("jobId", jobId, "app", app,
        "status", status, "limit", limit, "before", before)));
    Table table = new Table("ID", "JOB", "APP", "STATUS", "ATTEMPT", "TRIGGER", "FIRE AT", "WORKER", "FINISHED",
        "RESULT");
    list.forEach(i -> table.row(Printer.text(i, "id"), Printer.text(i, "jobId"), Printer.text(i, "app"),
        Printer.text(i, "status"), Printer.text(i, "attempt"), Printer.text(i, "triggerType"),
        Printer.time(i.get("fireAt")), Printer.text(i, "worker"), Printer.time(i.get("finishedAt")),
        Printer.text(i, "result")));
    new Printer(env, output).result(list, table);
    return ExitCodes.OK;
  }
}
