package io.drover.scheduler.auth;

import io.drover.scheduler.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API bearer tokens in the {@code api_token} table. A token is {@code drv_} plus 32 random bytes (base64url); only
 * its SHA-256 is stored, so the plain token is returned once, by {@link #create}, and never again.
 */
public final class TokenStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final String PREFIX = "drv_";

  private final Database db;

  public TokenStore(Database db) {
    this.db = db;
  }

  /** A token that was just created: the plain text (show it once) and its stored record. */
  public record Created(String token, ApiToken record) {}

  public Created create(String name, TokenScope scope, long now) {
    if (name == null || name.isBlank() || name.length() > 128) {
      throw new IllegalArgumentException("a token needs a name of 1 to 128 characters");
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement(
             "INSERT INTO api_token (name, token_hash, scope, created_at) VALUES (?, ?, ?, ?)",
             Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, name);
      ps.setString(2, hash(token));
      ps.setString(3, scope.toString());
      ps.setLong(4, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return new Created(token, new ApiToken(keys.getLong(1), name, scope, now, null));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the token: " + e.getMessage(), e);
    }
  }

  /** The active token with this plain text, or empty (unknown, revoked, or not even shaped like a token). */
  public Optional<ApiToken> findActive(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
      return Optional.empty();
    }
    return query("SELECT id, name, scope, created_at, revoked_at FROM api_token"
        + " WHERE token_hash = ? AND revoked_at IS NULL", hash(token)).stream().findFirst();
  }

  public List<ApiToken> list() {
    return query("SELECT id, name, scope, created_at, revoked_at FROM api_token ORDER BY id", null);
  }

  /** Revokes a token; returns false when no active token has this id. */
  public boolean revoke(long id, long now) {
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement(
             "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      ps.setLong(1, now);
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot revoke token " + id + ": " + e.getMessage(), e);
    }
  }

  private List<ApiToken> query(String sql, String arg) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      List<ApiToken> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long revoked = rs.getLong(5);
          out.add(new ApiToken(rs.getLong(1), rs.getString(2), TokenScope.parse(rs.getString(3)), rs.getLong(4),
              rs.wasNull() ? null : revoked));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read tokens: " + e.getMessage(), e);
    }
  }

  /** SHA-256 of the token, hex. */
  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
