package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code droverctl job show|create|update|enable|disable|delete}. */
@Command(name = "job", description = "Shows, creates, updates, enables, disables or deletes a job.",
    subcommands = {JobCommand.Show.class, JobCommand.Create.class, JobCommand.Update.class, JobCommand.Enable.class,
        JobCommand.Disable.class, JobCommand.Delete.class})
final class JobCommand {

  static String path(long id) {
    return "/api/v1/jobs/" + id;
  }

  /** {@code droverctl job show ID}: GET /api/v1/jobs/{id}. */
  @Command(name = "show", description = "Shows a job.")
  static final class Show extends CliCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      new Printer(env, output).object(api.client(env).get(path(id)));
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl job create [--file F] [flags]}: POST /api/v1/jobs. */
  @Command(name = "create", description = {"Creates a job from flags and/or a JSON file (flags win).",
      "Example: droverctl job create --app orders --name settle --schedule-type CRON --schedule '0 */5 * * * ?' "
          + "--processor settle"})
  static final class Create extends CliCommand {
    @Mixin JobFields fields;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      ObjectNode job = fields.apply(null);
      job.remove("id");
      JsonNode created = api.client(env).post("/api/v1/jobs", job);
      Printer p = new Printer(env, output);
      if (p.json()) {
        p.object(created);
      } else {
        p.line("job " + created.path("id").asText() + " created");
        p.object(created);
      }
      return ExitCodes.OK;
    }
  }

  /**
   * {@code droverctl job update ID [--file F] [flags]}: reads the job, changes what is given, PUT /api/v1/jobs/{id}
   * (the API replaces the whole job, so unchanged fields are sent back as they are).
   */
  @Command(name = "update", description = {"Changes a job: the fields given by flags and/or a JSON file; the "
      + "others keep their values."})
  static final class Update extends CliCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID") long id;
    @Mixin JobFields fields;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      ApiClient client = api.client(env);
      JsonNode current = client.get(path(id));
      if (current == null || !current.isObject()) {
        throw new CliException(ExitCodes.ERROR, "the server answered GET " + path(id) + " without a job");
      }
      ObjectNode job = fields.apply((ObjectNode) current);
      job.put("id", id);
      new Printer(env, output).object(client.put(path(id), job));
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl job enable ID}. */
  @Command(name = "enable", description = "Enables a job: it fires on its schedule again.")
  static final class Enable extends CliCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      JsonNode job = api.client(env).post(path(id) + "/enable", null);
      new Printer(env, output).result(job, "job " + id + " enabled, next fire "
          + Printer.time(job == null ? null : job.get("nextFireAt")));
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl job disable ID}. */
  @Command(name = "disable", description = "Disables a job: it stops firing (API runs still work).")
  static final class Disable extends CliCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      JsonNode job = api.client(env).post(path(id) + "/disable", null);
      new Printer(env, output).result(job, "job " + id + " disabled");
      return ExitCodes.OK;
    }
  }

  /** {@code droverctl job delete ID}. */
  @Command(name = "delete", description = "Deletes a job (its run history stays).")
  static final class Delete extends CliCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID") long id;
    @Mixin ApiOptions api;
    @Mixin OutputOptions output;

    @Override
    int run() {
      api.client(env).delete(path(id));
      new Printer(env, output).result(ApiClient.JSON.createObjectNode().put("id", id).put("deleted", true),
          "job " + id + " deleted");
      return ExitCodes.OK;
    }
  }
}
