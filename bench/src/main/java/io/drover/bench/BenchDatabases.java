package io.drover.bench;

import java.util.Optional;

/** What every bench that makes its own database needs: JDBC URL surgery and the embedded server's process. */
public final class BenchDatabases {
  private BenchDatabases() {}

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
