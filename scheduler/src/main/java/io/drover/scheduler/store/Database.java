package io.drover.scheduler.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared MySQL database: a connection pool, the schema migrations (Flyway, run at start) and the MyBatis
 * session factory the stores use.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final SqlSessionFactory sessions;

  private Database(HikariDataSource dataSource, SqlSessionFactory sessions) {
    this.dataSource = dataSource;
    this.sessions = sessions;
  }

  /** Connects, migrates the schema to the latest version and builds the mappers. */
  public static Database open(String url, String user, String password, int poolSize) {
    return open(url, user, password, poolSize, true);
  }

  /**
   * Connects without touching the schema (for tools such as droverctl: only servers migrate it). Fails when the
   * schema is older than {@code minVersion}, naming the versions.
   */
  public static Database openExisting(String url, String user, String password, int poolSize, String minVersion) {
    Database db = open(url, user, password, poolSize, false);
    try {
      var current = Flyway.configure().dataSource(db.dataSource).locations("classpath:db/migration").load()
          .info().current();
      if (current == null || current.getVersion().compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(minVersion)) < 0) {
        throw new IllegalStateException("the database schema is at version "
            + (current == null ? "(none)" : current.getVersion()) + ", older than " + minVersion
            + " that this tool needs: start a Drover server of this version first (servers migrate the schema)");
      }
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static Database open(String url, String user, String password, int poolSize, boolean migrate) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(withDefaults(url));
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(poolSize);
    hc.setPoolName("drover-db");
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(-1); // the first getConnection below reports an outage with the URL
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      if (migrate) {
        migrate(ds, url);
      } else {
        checkReachable(ds, url);
      }
      return new Database(ds, sessionFactory(ds));
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /** Reachability first, so an outage reads as one, not as a migration failure. */
  private static void checkReachable(DataSource ds, String url) {
    try (Connection ignored = ds.getConnection()) {
      // connected
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to database " + redacted(url) + ": " + e.getMessage(), e);
    }
  }

  /** The URL without its query string, which may carry a password. */
  static String redacted(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  private static void migrate(DataSource ds, String url) {
    checkReachable(ds, url);
    var result = Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    log.info("Database schema at version {} ({} migration(s) applied now)", result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  private static SqlSessionFactory sessionFactory(DataSource ds) {
    Configuration c = new Configuration(new Environment("drover", new JdbcTransactionFactory(), ds));
    c.setMapUnderscoreToCamelCase(true);
    c.setArgNameBasedConstructorAutoMapping(true);
    c.setDefaultStatementTimeout(30);
    c.addMapper(AppMapper.class);
    c.addMapper(JobMapper.class);
    c.addMapper(InstanceMapper.class);
    return new SqlSessionFactoryBuilder().build(c);
  }

  /**
   * Adds the driver settings the stores rely on: batched statements rewritten into one round trip; the parse of each
   * MyBatis statement text kept per connection (the hot multi-row statements are plain text: {@link SqlLiterals});
   * and the session state tracked locally (no {@code SELECT @@session.transaction_read_only} before every
   * statement). A setting named in the configured URL wins.
   */
  static String withDefaults(String url) {
    StringBuilder b = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    for (String kv : new String[] {"rewriteBatchedStatements=true", "cachePrepStmts=true",
        "prepStmtCacheSize=256", "prepStmtCacheSqlLimit=1048576", "useServerPrepStmts=false",
        "connectionTimeZone=UTC", "allowPublicKeyRetrieval=true",
        "useLocalSessionState=true"}) {
      String key = kv.substring(0, kv.indexOf('=') + 1);
      if (!url.contains(key)) {
        b.append(sep).append(kv);
        sep = '&';
      }
    }
    return b.toString();
  }

  SqlSessionFactory sessions() {
    return sessions;
  }

  /** True when a connection answers a trivial query within a second. */
  public boolean healthy() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(1);
    } catch (SQLException e) {
      log.debug("Database health check failed: {}", e.getMessage());
      return false;
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
