package io.drover.cli;

import io.drover.scheduler.auth.TokenStore;
import io.drover.scheduler.store.Database;

/**
 * The Drover database opened for the token commands: a small pool and the {@link TokenStore}. It never changes the
 * schema (servers migrate it); a schema older than the token table is refused with the versions.
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
      return new TokenDatabase(Database.openExisting(url, user, password, 2, "4"));
    } catch (IllegalStateException e) {
      throw CliException.unavailable(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.ERROR, "cannot open the database: " + e.getMessage(), e);
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
