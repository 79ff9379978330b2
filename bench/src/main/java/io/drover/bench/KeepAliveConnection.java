package io.drover.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept open across requests, for load drivers: a request is written in one call, and its
 * answer read by {@code Content-Length}. A driver that opens a connection per request measures its own connection
 * setup (and, open loop, runs out of file descriptors once answers slow down); one with a fixed set of these
 * measures the server. Not thread-safe: one thread per connection. Bodies and chunked answers beyond what the
 * Drover API sends are not supported.
 */
final class KeepAliveConnection implements AutoCloseable {
  /** An answer: the status code and the body as text. */
  record Answer(int status, String body) {}

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveConnection(URI base) {
    this.host = base.getHost();
    this.port = base.getPort();
  }

  /** Sends one request ({@code body} may be null) and reads its answer; reconnects first if the last one closed. */
  Answer send(String method, String path, String body) throws IOException {
    if (socket == null) {
      connect();
    }
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
        + (content.length > 0 ? "Content-Type: application/json\r\n" : "")
        + "Content-Length: " + content.length + "\r\n\r\n";
    try {
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[h.length + content.length];
      System.arraycopy(h, 0, all, 0, h.length);
      System.arraycopy(content, 0, all, h.length, content.length);
      out.write(all);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 5_000);
    s.setSoTimeout(30_000);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = s.getOutputStream();
  }

  private Answer read() throws IOException {
    String status = line();
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    int code = Integer.parseInt(parts[1]);
    int length = 0;
    boolean closes = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equals("transfer-encoding")) {
        throw new IOException("chunked answers are not supported: " + status);
      } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
        closes = true;
      }
    }
    byte[] content = in.readNBytes(length);
    if (content.length < length) {
      throw new EOFException("answer body cut short: " + content.length + " of " + length + " bytes");
    }
    if (closes) {
      close();
    }
    return new Answer(code, new String(content, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
