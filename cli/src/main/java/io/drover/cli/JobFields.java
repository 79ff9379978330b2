package io.drover.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * A job definition from {@code --file} (a JSON job as the API takes it; {@code -} reads stdin) and flags, the
 * flags winning field by field. Only what is given is set; the server fills in its defaults and validates.
 */
final class JobFields {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "A job as JSON (the API's job object; '-' reads stdin). Flags override its fields.")
  String file;

  @Option(names = "--app", paramLabel = "APP", description = "The app the job belongs to (create only).")
  String app;

  @Option(names = "--name", paramLabel = "NAME", description = "Job name, unique within the app.")
  String name;

  @Option(names = "--description", paramLabel = "TEXT") String description;

  @Option(names = "--schedule-type", paramLabel = "TYPE",
      description = "CRON, FIXED_RATE, FIXED_DELAY, API or ONE_SHOT.")
  String scheduleType;

  @Option(names = "--schedule", paramLabel = "EXPR",
      description = "Cron expression, period or delay in ms, or an epoch-ms time (per --schedule-type).")
  String scheduleExpr;

  @Option(names = "--time-zone", paramLabel = "ZONE", description = "Time zone of a cron schedule (default UTC).")
  String timeZone;

  @Option(names = "--processor", paramLabel = "NAME", description = "The worker processor that runs the job.")
  String processor;

  @Option(names = "--params", paramLabel = "TEXT", description = "Parameters passed to the processor.")
  String params;

  @Option(names = "--mode", paramLabel = "MODE", description = "STANDALONE (default), BROADCAST, MAP, MAP_REDUCE.")
  String mode;

  @Option(names = "--dispatch-strategy", paramLabel = "STRATEGY") String dispatchStrategy;

  @Option(names = "--worker-selector", paramLabel = "SELECTOR") String workerSelector;

  @Option(names = "--max-instances", paramLabel = "N", description = "Running instances at most (0: no limit).")
  Integer maxInstances;

  @Option(names = "--overlap-policy", paramLabel = "POLICY", description = "ALLOW, SKIP, QUEUE or REPLACE.")
  String overlapPolicy;

  @Option(names = "--timeout-ms", paramLabel = "MS", description = "Attempt timeout (0: none).")
  Long timeoutMs;

  @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per instance, 1..100.")
  Integer maxAttempts;

  @Option(names = "--retry-backoff-ms", paramLabel = "MS") Long retryBackoffMs;

  @Option(names = "--misfire-policy", paramLabel = "POLICY", description = "FIRE_ONCE, SKIP or FIRE_ALL.")
  String misfirePolicy;

  @Option(names = "--enabled", negatable = true, description = "Whether the job fires (--no-enabled: disabled).")
  Boolean enabled;

  @Option(names = "--start-at", paramLabel = "EPOCH_MS", description = "No fire before this time.")
  Long startAt;

  @Option(names = "--end-at", paramLabel = "EPOCH_MS", description = "No fire after this time.")
  Long endAt;

  /** {@code base} (may be null) overlaid with the file, then with the flags. */
  ObjectNode apply(ObjectNode base) {
    ObjectNode job = base == null ? ApiClient.JSON.createObjectNode() : base.deepCopy();
    if (file != null) {
      job.setAll(readFile());
    }
    put(job, "app", app);
    put(job, "name", name);
    put(job, "description", description);
    put(job, "scheduleType", scheduleType);
    put(job, "scheduleExpr", scheduleExpr);
    put(job, "timeZone", timeZone);
    put(job, "processor", processor);
    put(job, "params", params);
    put(job, "mode", mode);
    put(job, "dispatchStrategy", dispatchStrategy);
    put(job, "workerSelector", workerSelector);
    put(job, "maxInstances", maxInstances);
    put(job, "overlapPolicy", overlapPolicy);
    put(job, "timeoutMs", timeoutMs);
    put(job, "maxAttempts", maxAttempts);
    put(job, "retryBackoffMs", retryBackoffMs);
    put(job, "misfirePolicy", misfirePolicy);
    put(job, "enabled", enabled);
    put(job, "startAt", startAt);
    put(job, "endAt", endAt);
    return job;
  }

  private ObjectNode readFile() {
    String text;
    try {
      text = "-".equals(file) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(file));
    } catch (IOException e) {
      throw CliException.usage("cannot read job file " + file + ": " + e.getMessage());
    }
    JsonNode node;
    try {
      node = ApiClient.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw CliException.usage("job file " + file + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw CliException.usage("job file " + file + " must hold a JSON object (a job)");
    }
    return (ObjectNode) node;
  }

  private static void put(ObjectNode job, String field, Object value) {
    if (value == null) {
      return;
    }
    job.set(field, ApiClient.JSON.valueToTree(value));
  }
}
