package io.drover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code droverctl drain SERVER [--wait]}: the server gives up every app and leads nothing until undrained. */
@Command(name = "drain", description = {"Drains a server: it hands every app it leads to the others and leads "
    + "nothing until undrained (it keeps serving the API). Use before stopping a server for maintenance."})
final class DrainCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "SERVER") String server;

  @Option(names = "--wait", description = "Wait until the server leads no app.")
  boolean await;

  @Option(names = "--wait-timeout-ms", paramLabel = "MS", defaultValue = "60000",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long waitTimeoutMs;

  @Mixin ZkOptions zk;
  @Mixin OutputOptions output;

  @Override
  int run() throws Exception {
    try (ZkSession session = zk.open(env)) {
      boolean live = session.isLive(server);
      session.control().drain(server);
      if (!live) {
        env.err().println("warning: server '" + server + "' is not live; it will lead nothing when it joins");
      }
      List<String> leads = ledBy(session);
      if (await) {
        long deadline = System.nanoTime() + waitTimeoutMs * 1_000_000;
        while (!leads.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(200);
          leads = ledBy(session);
        }
        if (!leads.isEmpty()) {
          throw new CliException(ExitCodes.ERROR, "server " + server + " still leads " + leads + " after "
              + waitTimeoutMs + " ms (is another server live and not drained?)");
        }
      }
      ObjectNode o = ApiClient.JSON.createObjectNode().put("server", server).put("drained", true)
          .put("serverLive", live);
      leads.forEach(o.putArray("leads")::add);
      new Printer(env, output).result(o, "server " + server + " drained" + (leads.isEmpty()
          ? "; it leads no app" : "; it still leads " + String.join(", ", leads) + " (moving within seconds)"));
      return ExitCodes.OK;
    }
  }

  private List<String> ledBy(ZkSession session) throws Exception {
    Map<String, String> leaders = session.control().leaders();
    return leaders.entrySet().stream().filter(e -> e.getValue().equals(server)).map(Map.Entry::getKey).toList();
  }
}
