package io.drover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code droverctl pin APP SERVER}: only that server leads the app while it is live and not drained. */
@Command(name = "pin", description = {"Pins an app to a server: while that server is live and not drained, it "
    + "leads the app (the move takes about a second). Written to ZooKeeper directly."})
final class PinCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "APP") String app;
  @Parameters(index = "1", paramLabel = "SERVER") String server;
  @Mixin ZkOptions zk;
  @Mixin OutputOptions output;

  @Override
  int run() throws Exception {
    try (ZkSession session = zk.open(env)) {
      if (!session.apps().contains(app)) {
        throw CliException.notFound("app '" + app + "' is not registered (create it with 'droverctl app create')");
      }
      boolean live = session.isLive(server);
      session.control().pin(app, server);
      if (!live) {
        env.err().println("warning: server '" + server + "' is not live; the pin takes effect when it joins");
      }
      ObjectNode o = ApiClient.JSON.createObjectNode().put("app", app).put("pin", server).put("serverLive", live);
      new Printer(env, output).result(o, "app " + app + " pinned to " + server);
      return ExitCodes.OK;
    }
  }
}
