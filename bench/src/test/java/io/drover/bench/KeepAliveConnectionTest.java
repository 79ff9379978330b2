package io.drover.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeepAliveConnectionTest {

  /** A loopback server that answers each request with the next of {@code answers}, counting connections. */
  private static ServerSocket serve(List<String> answers, AtomicInteger connections, List<String> requestLines)
      throws Exception {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      int next = 0;
      while (!server.isClosed() && next < answers.size()) {
        try (Socket s = server.accept()) {
          connections.incrementAndGet();
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          OutputStream out = s.getOutputStream();
          while (next < answers.size()) {
            String line = in.readLine();
            if (line == null) {
              break;
            }
            requestLines.add(line);
            int length = 0;
            for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
              if (h.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
              }
            }
            in.skip(length);
            String answer = answers.get(next++);
            out.write(answer.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (answer.contains("Connection: close") || answer.contains("cut")) {
              break;
            }
          }
        } catch (Exception e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return server;
  }

  private static String ok(int status, String body, String extraHeader) {
    return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n" + extraHeader
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  @Test
  void requestsShareOneConnectionUntilTheServerClosesIt() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    List<String> lines = new ArrayList<>();
    try (ServerSocket server = serve(List.of(ok(202, "{\"a\":1}", ""), ok(200, "{}", "Connection: close\r\n"),
        ok(404, "nope", "")), connections, lines);
         KeepAliveConnection c = new KeepAliveConnection(URI.create("http://127.0.0.1:" + server.getLocalPort()))) {
      assertEquals(new KeepAliveConnection.Answer(202, "{\"a\":1}"), c.send("POST", "/run", null));
      assertEquals(new KeepAliveConnection.Answer(200, "{}"), c.send("POST", "/x", "{\"k\":\"v\"}"));
      assertEquals(1, connections.get());
      assertEquals(new KeepAliveConnection.Answer(404, "nope"), c.send("GET", "/y", null));
      assertEquals(2, connections.get(), "reconnected after Connection: close");
      assertEquals(List.of("POST /run HTTP/1.1", "POST /x HTTP/1.1", "GET /y HTTP/1.1"), lines);
    }
  }

  @Test
  void aBodyCutShortIsAnError() throws Exception {
    String cut = "HTTP/1.1 200 X\r\nContent-Length: 50\r\n\r\ncut";
    try (ServerSocket server = serve(List.of(cut), new AtomicInteger(), new ArrayList<>());
         KeepAliveConnection c = new KeepAliveConnection(URI.create("http://127.0.0.1:" + server.getLocalPort()))) {
      assertThrows(EOFException.class, () -> c.send("GET", "/", null));
    }
  }
}
