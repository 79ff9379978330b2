package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code droverctl leaders}: every registered app with its leader and pin, from ZooKeeper. The fencing epoch lives
 * in the database, so it is shown only when the API answers (with {@code --server}/{@code --token}); otherwise
 * the column is left out. When the API answers, an app of the database that ZooKeeper does not know (after
 * ZooKeeper lost its data) is listed too, without a leader, and named in a warning: no server leads it.
 */
@Command(name = "leaders",
    description = {"Lists every app with its leader and pin, read from ZooKeeper.",
        "The EPOCH column (the fencing epoch, kept in the database) appears only when the HTTP API answers "
            + "(--server, --token); without it the command needs ZooKeeper alone."})
final class LeadersCommand extends CliCommand {
  @Mixin ZkOptions zk;
  @Mixin ApiOptions api;
  @Mixin OutputOptions output;

  @Override
  int run() throws Exception {
    Map<String, Long> epochs = epochs();
    try (ZkSession session = zk.open(env)) {
      ArrayNode json = ApiClient.JSON.createArrayNode();
      Table table = epochs == null ? new Table("APP", "LEADER", "PINNED TO") : new Table("APP", "LEADER",
          "PINNED TO", "EPOCH");
      SortedSet<String> registered = session.apps();
      SortedSet<String> apps = new TreeSet<>(registered);
      if (epochs != null) {
        apps.addAll(epochs.keySet());
      }
      for (String app : apps) {
        boolean known = registered.contains(app);
        String leader = known ? session.control().leaderOf(app).orElse(null) : null;
        String pin = known ? session.control().pinOf(app).orElse(null) : null;
        if (!known) {
          env.err().println("warning: app " + app + " is in the database but not registered in ZooKeeper, so no "
              + "server leads it (see docs/operations.md, Backup)");
        }
        ObjectNode o = json.addObject();
        o.put("app", app);
        o.put("leader", leader);
        o.put("pin", pin);
        o.put("registered", known);
        if (epochs == null) {
          table.row(app, leader, pin);
        } else {
          Long epoch = epochs.get(app);
          o.put("epoch", epoch);
          table.row(app, leader, pin, epoch);
        }
      }
      new Printer(env, output).result(json, table);
      return ExitCodes.OK;
    }
  }

  /** App to epoch from the API, or null when it does not answer (the column is then left out). */
  private Map<String, Long> epochs() {
    JsonNode apps;
    try {
      apps = api.client(env, 3_000, 1_000).get("/api/v1/apps");
    } catch (CliException e) {
      return null;
    }
    if (apps == null || !apps.isArray()) {
      return null;
    }
    Map<String, Long> out = new HashMap<>();
    apps.forEach(a -> out.put(a.path("name").asText(), a.path("epoch").isNumber() ? a.path("epoch").asLong()
        : null));
    return out;
  }
}
