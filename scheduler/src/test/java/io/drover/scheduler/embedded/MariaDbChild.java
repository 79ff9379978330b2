package io.drover.scheduler.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedMariaDbTest}: starts MariaDB on a data directory, writes one row and ends
 * either by closing it and returning from main (the JVM must then exit by itself) or by {@code System.exit(0)}
 * without closing (the shutdown hook must stop mariadbd, and keep the data).
 *
 * <p>Arguments: data directory, {@code close} or {@code exit}, the value to write.
 */
public final class MariaDbChild {
  static final String DATABASE = "survival";

  private MariaDbChild() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    boolean close = args[1].equals("close");
    EmbeddedMariaDb db = EmbeddedMariaDb.start(dataDir, 0);
    System.out.println("PORT=" + db.port());
    db.createDatabase(DATABASE);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(DATABASE), "root", "");
         Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS note (v VARCHAR(40) PRIMARY KEY)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO note VALUES (?)")) {
        insert.setString(1, args[2]);
        insert.executeUpdate();
      }
    }
    if (close) {
      db.close();
      return;
    }
    System.exit(0);
  }
}
