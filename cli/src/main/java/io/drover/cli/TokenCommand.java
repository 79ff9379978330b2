package io.drover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.scheduler.auth.ApiToken;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.auth.TokenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code droverctl token create|list|revoke}: API tokens, straight in the database (so the first admin token can
 * be made before any token exists). Database settings come from the server's configuration, the environment or
 * flags.
 */
@Command(name = "token", description = {"Creates, lists or revokes API tokens, directly in the database (settings "
    + "as the server's: conf/server.properties, DROVER_DB_URL..., or --db-url)."},
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

  static ObjectNode json(ApiToken t) {
    ObjectNode o = ApiClient.JSON.createObjectNode();
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("scope", t.scope().toString());
    o.put("createdAt", t.createdAt());
    if (t.revokedAt() == null) {
      o.putNull("revokedAt");
    } else {
      o.put("revokedAt", t.revokedAt());
    }
    return o;
  }

  /** {@code droverctl token create --name N --scope admin|app:NAME}: prints the token once. */
  @Command(name = "create", description = {"Creates a token and prints it. It is shown this once: only its hash "
      + "is stored."})
  static final class Create extends CliCommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses the token.")
    String name;

    @Option(names = "--scope", required = true, paramLabel = "SCOPE",
        description = "admin (everything) or app:NAME (that app's jobs and instances).")
    String scope;

    @Mixin DbOptions db;
    @Mixin OutputOptions output;

    @Override
    int run() {
      TokenScope parsed;
      try {
        parsed = TokenScope.parse(scope);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
      try (TokenDatabase d = db.open(env)) {
        TokenStore.Created created = d.tokens().create(name, parsed, System.currentTimeMillis());
        ObjectNode o = json(created.record());
        o.put("token", created.token());
        Printer p = new Printer(env, output);
        if (p.json()) {
          p.object(o);
        } else {
          p.line(created.token());
          env.err().println("token " + created.record().id() + " (" + name + ", " + parsed
              + ") created; it is not shown again");
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code droverctl token list}. */
  @Command(name = "list", description = "Lists tokens (never their text), revoked ones included.")
  static final class ListTokens extends CliCommand {
    @Mixin DbOptions db;
    @Mixin OutputOptions output;

    @Override
    int run() {
      try (TokenDatabase d = db.open(env)) {
        ArrayNode json = ApiClient.JSON.createArrayNode();
        Table table = new Table("ID", "NAME", "SCOPE", "CREATED", "REVOKED");
        for (ApiToken t : d.tokens().list()) {
          ObjectNode o = json(t);
          json.add(o);
          table.row(t.id(), t.name(), t.scope(), Printer.time(o.get("createdAt")), Printer.time(o.get("revokedAt")));
        }
        new Printer(env, output).result(json, table);
        return ExitCodes.OK;
      }
    }
  }

  /** {@code droverctl token revoke ID}. */
  @Command(name = "revoke", description = "Revokes a token: requests with it are refused (401) from now on.")
  static final class Revoke extends CliCommand {
    @Parameters(index = "0", paramLabel = "TOKEN_ID") long id;
    @Mixin DbOptions db;
    @Mixin OutputOptions output;

    @Override
    int run() {
      try (TokenDatabase d = db.open(env)) {
        if (!d.tokens().revoke(id, System.currentTimeMillis())) {
          throw CliException.notFound("no active token with id " + id);
        }
        new Printer(env, output).result(ApiClient.JSON.createObjectNode().put("id", id).put("revoked", true),
            "token " + id + " revoked");
        return ExitCodes.OK;
      }
    }
  }
}
