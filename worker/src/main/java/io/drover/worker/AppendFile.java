package io.drover.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local temporary file records are appended to and read back from by position: where a map coordinator keeps
 * subtask payloads and results off the heap. Appends go through a write buffer; reads see buffered bytes too. The
 * file is deleted when closed. Not thread-safe.
 */
final class AppendFile implements AutoCloseable {
  private static final int BUFFER_BYTES = 256 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private long flushed;

  AppendFile(String prefix) {
    try {
      path = Files.createTempFile(prefix, ".bin");
      channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
          StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a local file for subtasks (" + prefix + ")", e);
    }
  }

  /** Appends the bytes; returns where they start. */
  long append(byte[] bytes) {
    long at = flushed + buffer.position();
    if (bytes.length > buffer.remaining()) {
      flush();
    }
    if (bytes.length > buffer.capacity()) {
      write(ByteBuffer.wrap(bytes));
    } else {
      buffer.put(bytes);
    }
    return at;
  }

  byte[] read(long at, int length) {
    byte[] out = new byte[length];
    if (at >= flushed) {
      int from = (int) (at - flushed);
      System.arraycopy(buffer.array(), from, out, 0, length);
      return out;
    }
    if (at + length > flushed) {
      flush();
    }
    ByteBuffer dst = ByteBuffer.wrap(out);
    try {
      while (dst.hasRemaining()) {
        if (channel.read(dst, at + dst.position()) < 0) {
          throw new IOException("unexpected end of " + path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return out;
  }

  private void flush() {
    buffer.flip();
    write(buffer);
    buffer.clear();
  }

  private void write(ByteBuffer src) {
    try {
      while (src.hasRemaining()) {
        flushed += channel.write(src, flushed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + " (disk full?)", e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
