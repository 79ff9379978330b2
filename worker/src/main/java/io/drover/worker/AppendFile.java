package io.drover.worker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local temporary file records are appended to and read back from by position: where a map coordinator keeps
 * subtask payloads and results off the heap. Appends go through a write buffer; reads see buffered bytes too. The
 * file is deleted when closed. Not thread-safe. A {@link RandomAccessFile}, not a FileChannel: an interrupt (a STOP
 * reaching the thread that maps) must not close the file under the coordinator.
 */
final class AppendFile implements AutoCloseable {
  private static final int BUFFER_BYTES = 256 * 1024;

  private final Path path;
  private final RandomAccessFile file;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private long flushed;

  AppendFile(String prefix) {
    try {
      path = Files.createTempFile(prefix, ".bin");
      file = new RandomAccessFile(path.toFile(), "rw");
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
      write(bytes, bytes.length);
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
    try {
      file.seek(at);
      file.readFully(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return out;
  }

  private void flush() {
    write(buffer.array(), buffer.position());
    buffer.clear();
  }

  private void write(byte[] bytes, int length) {
    try {
      file.seek(flushed);
      file.write(bytes, 0, length);
      flushed += length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + " (disk full?)", e);
    }
  }

  @Override
  public void close() {
    try {
      file.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
