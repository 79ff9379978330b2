package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code droverctl}: operations from ZooKeeper (servers, leaders, pins, drains), the HTTP API as commands (apps,
 * jobs, runs, instances, logs) and API tokens in the database. {@link #execute} runs one command line and returns
 * its exit code ({@link ExitCodes}); {@link #main} is the process entry point used by {@code bin/droverctl}.
 */
@Command(name = "droverctl", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = Droverctl.Version.class,
    description = "Operates a Drover cluster: ZooKeeper-backed commands need only --zk; API commands need a "
        + "server (--server) and a token (--token); token commands need the database.",
    footer = {"%nEnvironment: DROVER_SERVER (--server), DROVER_TOKEN (--token), DROVER_ZK_CONNECT (--zk), "
        + "DROVER_ZK_ROOT (--zk-root), DROVER_DB_URL, DROVER_DB_USER, DROVER_DB_PASSWORD (--db-*), DROVER_CONFIG "
        + "(--config; default conf/server.properties of the install).",
        "Run 'droverctl COMMAND --help' for a command's options."},
    subcommands = {
        ServersCommand.class, LeadersCommand.class, PinCommand.class, UnpinCommand.class, DrainCommand.class,
        UndrainCommand.class, AppsCommand.class, AppCommand.class, JobsCommand.class, JobCommand.class,
        RunCommand.class, InstancesCommand.class, InstanceCommand.class, LogsCommand.class, TokenCommand.class,
        CommandLine.HelpCommand.class})
public final class Droverctl {
  private final CliEnv env;

  Droverctl(CliEnv env) {
    this.env = env;
  }

  public static void main(String[] args) {
    String home = System.getProperty("drover.home");
    CliEnv env = new CliEnv(System.getenv(), System.out, System.err, home == null ? null : Path.of(home));
    System.exit(new Droverctl(env).execute(args));
  }

  /** Runs one command line; returns the exit code. */
  int execute(String... args) {
    CommandLine cli = new CommandLine(this, new EnvFactory(env));
    cli.setOut(new java.io.PrintWriter(env.out(), true));
    cli.setErr(new java.io.PrintWriter(env.err(), true));
    cli.setExecutionExceptionHandler(this::onFailure);
    cli.setParameterExceptionHandler(this::onBadUsage);
    Map<String, String> exitCodes = new LinkedHashMap<>();
    for (String line : ExitCodes.usageLines()) {
      int colon = line.indexOf(':');
      exitCodes.put(line.substring(0, colon), line.substring(colon + 1));
    }
    applyExitCodes(cli, exitCodes);
    return cli.execute(args);
  }

  private static void applyExitCodes(CommandLine cli, Map<String, String> exitCodes) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
    cli.getSubcommands().values().forEach(sub -> applyExitCodes(sub, exitCodes));
  }

  private int onBadUsage(CommandLine.ParameterException e, String[] args) {
    env.err().println("droverctl: " + e.getMessage());
    CommandLine cmd = e.getCommandLine();
    if (String.valueOf(e.getMessage()).startsWith("Missing required subcommand")) {
      cmd.usage(env.err()); // a group without its command: show what it offers
    } else if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, env.err())) {
      env.err().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    }
    return ExitCodes.USAGE;
  }

  private int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    CliException failure = translate(e);
    env.err().println("droverctl: " + failure.getMessage());
    if (cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--json")) {
      JsonNode body = failure.body();
      if (body == null) {
        ObjectNode root = ApiClient.JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", codeName(failure.exitCode()));
        error.put("message", failure.getMessage());
        body = root;
      }
      env.out().println(body.toString());
    }
    return failure.exitCode();
  }

  private static CliException translate(Exception e) {
    if (e instanceof CliException c) {
      return c;
    }
    if (e instanceof KeeperException.ConnectionLossException || e instanceof KeeperException.SessionExpiredException
        || e instanceof KeeperException.OperationTimeoutException) {
      return CliException.unavailable("ZooKeeper stopped answering: " + e.getMessage(), e);
    }
    if (e instanceof IllegalArgumentException) {
      return new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
    String m = e.getMessage();
    return new CliException(ExitCodes.ERROR, e.getClass().getSimpleName() + (m == null ? "" : ": " + m), e);
  }

  private static String codeName(int exitCode) {
    return switch (exitCode) {
      case ExitCodes.USAGE -> "USAGE";
      case ExitCodes.UNAVAILABLE -> "UNAVAILABLE";
      case ExitCodes.NOT_FOUND -> "NOT_FOUND";
      case ExitCodes.AUTH -> "UNAUTHORIZED";
      default -> "ERROR";
    };
  }

  /** Creates commands and hands every {@link CliCommand} the environment it runs in. */
  private static final class EnvFactory implements CommandLine.IFactory {
    private final CliEnv env;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    EnvFactory(CliEnv env) {
      this.env = env;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      K made = fallback.create(type);
      if (made instanceof CliCommand c) {
        c.env = env;
      }
      return made;
    }
  }

  /** The version from the jar manifest (or the build's default when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Droverctl.class.getPackage().getImplementationVersion();
      return new String[] {"droverctl " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }

  /** For tests and embedding: the streams commands print to. */
  static Droverctl with(Map<String, String> env, PrintStream out, PrintStream err, Path home) {
    return new Droverctl(new CliEnv(env, out, err, home));
  }
}
