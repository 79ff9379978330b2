package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code droverctl run JOB}: POST /api/v1/jobs/{id}/run, prints the new instance's id. */
@Command(name = "run", description = "Runs a job now (or after --delay-ms) and prints the instance id.")
final class RunCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "JOB_ID") long jobId;

  @Option(names = "--params", paramLabel = "TEXT", description = "Parameters for this run (default: the job's).")
  String params;

  @Option(names = "--delay-ms", paramLabel = "MS", description = "Run after this delay.")
  Long delayMs;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "Runs with the same key create one instance (safe to retry).")
  String idempotencyKey;

  @Mixin ApiOptions api;
  @Mixin OutputOptions output;

  @Override
  int run() {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (params != null) {
      body.put("params", params);
    }
    if (delayMs != null) {
      body.put("delayMs", delayMs);
    }
    Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
    JsonNode accepted = api.client(env).post(JobCommand.path(jobId) + "/run", body, headers);
    new Printer(env, output).result(accepted, accepted.path("instanceId").asText());
    return ExitCodes.OK;
  }
}
