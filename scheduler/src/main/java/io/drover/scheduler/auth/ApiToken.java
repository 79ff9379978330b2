package io.drover.scheduler.auth;

/** A stored API token (its hash stays in the database). */
public record ApiToken(long id, String name, TokenScope scope, long createdAt, Long revokedAt) {
  public boolean active() {
    return revokedAt == null;
  }
}
