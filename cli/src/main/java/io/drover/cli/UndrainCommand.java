package io.drover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code droverctl undrain SERVER}: the server takes its share of apps again. */
@Command(name = "undrain", description = "Removes a server's drain mark; it takes its fair share of apps again.")
final class UndrainCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "SERVER") String server;
  @Mixin ZkOptions zk;
  @Mixin OutputOptions output;

  @Override
  int run() throws Exception {
    try (ZkSession session = zk.open(env)) {
      boolean was = session.control().isDrained(server);
      session.control().undrain(server);
      ObjectNode o = ApiClient.JSON.createObjectNode().put("server", server).put("wasDrained", was);
      new Printer(env, output).result(o, was ? "server " + server + " undrained" : "server " + server
          + " was not drained");
      return ExitCodes.OK;
    }
  }
}
