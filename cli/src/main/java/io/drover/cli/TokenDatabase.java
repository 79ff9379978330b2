package io.drover.cli;

import io.drover.scheduler.auth.TokenStore;
import io.drover.scheduler.store.Database;

/**
 * The Drover database opened for the token commands: a small pool and the {@link TokenStore}. Opening it brings
 * the schema to this version (Flyway), as a server would.
 */
final class TokenDatabase implements AutoCloseable {
  private final Database db;
  private final TokenStore tokens;

  private TokenDatabase(Database db) {
    this.db = db;
    this.tokens = new TokenStore(db);
  }

  static TokenDatabase open(String url, String user, String password) {
    try {
      return new TokenDatabase(Database.open(url, user, password, 2));
    } catch (IllegalStateException e) {
      throw CliException.unavailable(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.ERROR, "cannot open the database " + url + ": " + e.getMessage(), e);
    }
  }

  TokenStore tokens() {
    return tokens;
  }

  @Override
  public void close() {
    db.close();
  }
}
