package io.drover.scheduler.store;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

interface AppMapper {
  String COLUMNS = "id, name, secret_hash, leader_epoch, leader_server, created_at";

  @Insert("INSERT INTO app (name, secret_hash, leader_epoch, created_at) VALUES (#{name}, #{secretHash}, 0, #{createdAt})")
  @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
  int insert(NewApp app);

  @Select("SELECT " + COLUMNS + " FROM app WHERE name = #{name}")
  App findByName(String name);

  @Select("SELECT " + COLUMNS + " FROM app WHERE id = #{id}")
  App findById(long id);

  @Select("SELECT " + COLUMNS + " FROM app ORDER BY name")
  List<App> findAll();

  /** Bumps the fencing epoch in one statement; LAST_INSERT_ID(expr) hands the new value to this session. */
  @Update("UPDATE app SET leader_epoch = LAST_INSERT_ID(leader_epoch + 1), leader_server = #{server} WHERE id = #{id}")
  int bumpEpoch(@Param("id") long id, @Param("server") String server);

  @Select("SELECT LAST_INSERT_ID()")
  long lastInsertId();

  /** Mutable holder for the generated key of an insert. */
  final class NewApp {
    public Long id;
    public final String name;
    public final String secretHash;
    public final long createdAt;

    NewApp(String name, String secretHash, long createdAt) {
      this.name = name;
      this.secretHash = secretHash;
      this.createdAt = createdAt;
    }

    public Long getId() {
      return id;
    }

    public void setId(Long id) {
      this.id = id;
    }

    public String getName() {
      return name;
    }

    public String getSecretHash() {
      return secretHash;
    }

    public long getCreatedAt() {
      return createdAt;
    }
  }

  /**
   * The app's fencing epoch, share-locked until the transaction ends: a new leader's epoch bump (an exclusive lock)
   * waits for it, while job inserts (whose foreign-key check takes a share lock too) do not.
   */
  @Select("SELECT leader_epoch FROM app WHERE id = #{id} LOCK IN SHARE MODE")
  Long lockEpoch(@Param("id") long id);
}
