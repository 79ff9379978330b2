package io.drover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code droverctl unpin APP}: the app goes back to the balanced share. */
@Command(name = "unpin", description = "Removes an app's pin; leadership follows the balance again.")
final class UnpinCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "APP") String app;
  @Mixin ZkOptions zk;
  @Mixin OutputOptions output;

  @Override
  int run() throws Exception {
    try (ZkSession session = zk.open(env)) {
      String was = session.control().pinOf(app).orElse(null);
      session.control().unpin(app);
      ObjectNode o = ApiClient.JSON.createObjectNode().put("app", app).put("wasPinnedTo", was);
      new Printer(env, output).result(o, was == null ? "app " + app + " was not pinned" : "app " + app
          + " unpinned (was pinned to " + was + ")");
      return ExitCodes.OK;
    }
  }
}
