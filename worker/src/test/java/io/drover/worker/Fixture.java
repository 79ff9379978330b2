package io.drover.worker;

import io.drover.protocol.Dispatch;
import io.drover.protocol.Report;
import io.drover.protocol.TaskStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Starts fake servers and workers for a test and closes them, newest first, afterwards. */
final class Fixture implements AutoCloseable {
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  TestServer server() {
    TestServer s = new TestServer();
    started.push(s);
    return s;
  }

  Worker start(Worker.Builder b) {
    Worker w = b.start();
    started.push(w);
    return w;
  }

  static Worker.Builder worker(String id, String servers) {
    return Worker.builder().app("orders").workerId(id).servers(servers);
  }

  static Dispatch dispatch(long instanceId, String processor, String params) {
    return new Dispatch(instanceId, 1, 1, 7, processor, params, 0);
  }

  static boolean is(Report r, long instanceId, TaskStatus status) {
    return r.instanceId() == instanceId && r.status() == status;
  }

  static List<String> threadsStartingWith(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith(prefix)).toList();
  }

  @Override
  public void close() throws Exception {
    while (!started.isEmpty()) {
      started.pop().close();
    }
  }
}
