package io.drover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.coordination.membership.ServerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code droverctl servers}: the live servers as ZooKeeper has them, with drains and the apps each leads. */
@Command(name = "servers", description = "Lists the live servers, read from ZooKeeper (no server or token needed).")
final class ServersCommand extends CliCommand {
  @Mixin ZkOptions zk;
  @Mixin OutputOptions output;

  @Override
  int run() throws Exception {
    try (ZkSession session = zk.open(env)) {
      List<ServerInfo> servers = session.servers();
      Set<String> drained = session.control().drainedServers();
      Map<String, String> leaders = session.control().leaders();
      ArrayNode json = ApiClient.JSON.createArrayNode();
      Table table = new Table("ID", "HOST", "HTTP", "TRANSPORT", "VERSION", "STARTED", "DRAINED", "LEADS");
      for (ServerInfo s : servers) {
        List<String> leads = new ArrayList<>();
        leaders.forEach((app, leader) -> {
          if (leader.equals(s.id())) {
            leads.add(app);
          }
        });
        ObjectNode o = json.addObject();
        o.put("id", s.id());
        o.put("host", s.host());
        o.put("httpPort", s.httpPort());
        o.put("transportPort", s.transportPort());
        o.put("version", s.version());
        o.put("startedAt", s.startedAt());
        o.put("drained", drained.contains(s.id()));
        ArrayNode led = o.putArray("leads");
        leads.forEach(led::add);
        table.row(s.id(), s.host(), s.httpPort(), s.transportPort(), s.version(),
            Printer.time(o.get("startedAt")), drained.contains(s.id()) ? "yes" : "no", leads.size());
      }
      new Printer(env, output).result(json, table);
      return ExitCodes.OK;
    }
  }
}
