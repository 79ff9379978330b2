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
      migrate(ds, url);
      return new Database(ds, sessionFactory(ds));
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  private static void migrate(DataSource ds, String url) {
    try (Connection ignored = ds.getConnection()) {
      // reachability check first, so an outage reads as one, not as a migration failure
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to database " + url + ": " + e.getMessage(), e);
    }
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
   * Adds the driver settings the stores rely on: batched statements rewritten into one round trip, and the session
   * state tracked locally (no {@code SELECT @@session.transaction_read_only} before every statement).
   */
  static String withDefaults(String url) {
    StringBuilder b = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    for (String kv : new String[] {"rewriteBatchedStatements=true", "cachePrepStmts=true",
        "useServerPrepStmts=false", "connectionTimeZone=UTC", "allowPublicKeyRetrieval=true",
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
