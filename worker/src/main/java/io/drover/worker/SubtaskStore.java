package io.drover.worker;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subtasks of one map attempt in compact form, so that a million fit in a small heap: per subtask a few
 * primitive array cells (status, tries, name, worker, where its payload and result are: about 34 bytes), and the
 * payloads and results themselves in local files. Thread-safe (one lock).
 */
final class SubtaskStore implements AutoCloseable {
  static final byte WAITING = 0;
  static final byte RUNNING = 1;
  static final byte SUCCEEDED = 2;
  static final byte FAILED = 3;

  private final AppendFile payloads;
  private final AppendFile results;
  private final List<String> names = new ArrayList<>();
  private final Map<String, Short> nameIds = new HashMap<>();
  private byte[] status = new byte[1024];
  private byte[] tries = new byte[1024];
  private short[] name = new short[1024];
  private int[] worker = new int[1024];
  private long[] payloadAt = new long[1024];
  private int[] payloadLen = new int[1024];
  private long[] resultAt = new long[1024];
  private int[] resultLen = new int[1024];
  private int size;
  private final long[] counts = new long[4];

  SubtaskStore(String prefix) {
    payloads = new AppendFile(prefix + "payloads-");
    results = new AppendFile(prefix + "results-");
  }

  /** Adds a WAITING subtask; returns its id. */
  synchronized int add(String taskName, String payloadJson) {
    if (size == status.length) {
      grow();
    }
    int id = size++;
    byte[] bytes = payloadJson.getBytes(StandardCharsets.UTF_8);
    payloadAt[id] = payloads.append(bytes);
    payloadLen[id] = bytes.length;
    name[id] = nameId(taskName);
    counts[WAITING]++;
    return id;
  }

  private short nameId(String taskName) {
    String key = taskName == null ? "" : taskName;
    Short id = nameIds.get(key);
    if (id == null) {
      if (names.size() >= Short.MAX_VALUE) {
        throw new IllegalArgumentException("too many distinct subtask names (at most " + Short.MAX_VALUE + ")");
      }
      id = (short) names.size();
      names.add(key);
      nameIds.put(key, id);
    }
    return id;
  }

  private void grow() {
    int n = status.length * 2;
    status = Arrays.copyOf(status, n);
    tries = Arrays.copyOf(tries, n);
    name = Arrays.copyOf(name, n);
    worker = Arrays.copyOf(worker, n);
    payloadAt = Arrays.copyOf(payloadAt, n);
    payloadLen = Arrays.copyOf(payloadLen, n);
    resultAt = Arrays.copyOf(resultAt, n);
    resultLen = Arrays.copyOf(resultLen, n);
  }

  synchronized int size() {
    return size;
  }

  synchronized String payload(int id) {
    return new String(payloads.read(payloadAt[id], payloadLen[id]), StandardCharsets.UTF_8);
  }

  synchronized String name(int id) {
    return names.get(name[id]);
  }

  synchronized byte status(int id) {
    return status[id];
  }

  synchronized int tries(int id) {
    return tries[id];
  }

  synchronized int worker(int id) {
    return worker[id];
  }

  /** The subtask goes to a worker as its next try; returns the try's number. */
  synchronized int sent(int id, int workerIndex) {
    move(id, RUNNING);
    worker[id] = workerIndex;
    return ++tries[id];
  }

  /** Back to waiting: it failed with tries left, or its worker was lost (which uses up no try). */
  synchronized void requeue(int id, boolean countsAsTry) {
    move(id, WAITING);
    if (!countsAsTry) {
      tries[id]--;
    }
  }

  /** The subtask ended for good with this result (its last failure's reason when it failed). */
  synchronized void ended(int id, boolean success, String result) {
    move(id, success ? SUCCEEDED : FAILED);
    byte[] bytes = result == null ? new byte[] {-1} : result.getBytes(StandardCharsets.UTF_8);
    resultAt[id] = results.append(bytes);
    resultLen[id] = bytes.length;
  }

  private void move(int id, byte to) {
    counts[status[id]]--;
    status[id] = to;
    counts[to]++;
  }

  /** Subtasks in the given status. */
  synchronized long count(byte s) {
    return counts[s];
  }

  synchronized SubtaskResult result(int id) {
    byte[] bytes = results.read(resultAt[id], resultLen[id]);
    String text = bytes.length == 1 && bytes[0] == -1 ? null : new String(bytes, StandardCharsets.UTF_8);
    return new SubtaskResult(id, names.get(name[id]), status[id] == SUCCEEDED, text);
  }

  /** Every subtask's result, read from disk as the list is read. Only meaningful once every subtask ended. */
  List<SubtaskResult> results() {
    int n = size();
    return new AbstractList<>() {
      @Override
      public SubtaskResult get(int index) {
        if (index < 0 || index >= n) {
          throw new IndexOutOfBoundsException(index);
        }
        return result(index);
      }

      @Override
      public int size() {
        return n;
      }
    };
  }

  @Override
  public synchronized void close() {
    payloads.close();
    results.close();
  }
}
