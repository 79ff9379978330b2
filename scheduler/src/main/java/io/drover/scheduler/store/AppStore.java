package io.drover.scheduler.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

/** Apps: creation (secret stored hashed), lookup and the fencing epoch. */
public final class AppStore {
  private final Database db;

  public AppStore(Database db) {
    this.db = db;
  }

  /** Creates the app; throws {@link DuplicateException} when the name is taken. */
  public App create(String name, String secret, long now) {
    try (SqlSession s = db.sessions().openSession(true)) {
      AppMapper.NewApp row = new AppMapper.NewApp(name, hashSecret(secret), now);
      s.getMapper(AppMapper.class).insert(row);
      return new App(row.id, name, row.secretHash, 0, null, now);
    } catch (PersistenceException e) {
      if (DuplicateException.isDuplicateKey(e)) {
        throw new DuplicateException("app '" + name + "' exists already");
      }
      throw e;
    }
  }

  public Optional<App> find(String name) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return Optional.ofNullable(s.getMapper(AppMapper.class).findByName(name));
    }
  }

  public Optional<App> find(long id) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return Optional.ofNullable(s.getMapper(AppMapper.class).findById(id));
    }
  }

  public List<App> all() {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(AppMapper.class).findAll();
    }
  }

  /** Increments the app's leader epoch in one UPDATE and returns the new epoch (the fencing token). */
  public long bumpEpoch(long appId, String serverId) {
    try (SqlSession s = db.sessions().openSession(false)) {
      AppMapper m = s.getMapper(AppMapper.class);
      if (m.bumpEpoch(appId, serverId) != 1) {
        throw new IllegalStateException("app " + appId + " does not exist; cannot take its leadership");
      }
      long epoch = m.lastInsertId();
      s.commit();
      return epoch;
    }
  }

  /** SHA-256 of the secret, hex. The plain secret is never stored. */
  public static String hashSecret(String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
