package io.drover.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.Dispatch;
import io.drover.protocol.Hello;
import io.drover.protocol.TaskResult;
import io.drover.protocol.TaskStatus;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The phases of one broadcast attempt, without I/O: which task each worker runs, results, failures, progress. */
class BroadcastRunTest {

  private static WorkerSession worker(String id) {
    return new WorkerSession(new Hello("app", id, "h", Map.of(), 2, List.of(), null), new EmbeddedChannel(), 0);
  }

  @Test
  void preThenATaskPerWorkerThenPost() {
    WorkerSession a = worker("a");
    WorkerSession b = worker("b");
    BroadcastRun run = new BroadcastRun(List.of(a, b));
    assertThat(run.runningTask(a)).isEqualTo(Dispatch.BROADCAST_PRE);
    assertThat(run.runningTask(b)).isNull();
    assertThat(run.startTasks()).isTrue();
    assertThat(run.startTasks()).as("once").isFalse();
    assertThat(run.runningTask(b)).isEqualTo(Dispatch.BROADCAST_TASK);
    assertThat(run.taskEnded(b, TaskStatus.FAILED, "disk full")).isFalse();
    assertThat(run.taskEnded(b, TaskStatus.SUCCEEDED, "late")).as("a task ends once").isFalse();
    assertThat(run.runningTask(b)).isNull();
    assertThat(run.progressJson()).isEqualTo("{\"total\":2,\"running\":1,\"succeeded\":0,\"failed\":1}");
    assertThat(run.taskEnded(a, TaskStatus.SUCCEEDED, "ok")).as("the last one").isTrue();
    assertThat(run.choosePostWorker(null)).isSameAs(a);
    assertThat(run.runningTask(a)).isEqualTo(Dispatch.BROADCAST_POST);
    assertThat(run.results()).containsExactly(new TaskResult("a", TaskStatus.SUCCEEDED, "ok"),
        new TaskResult("b", TaskStatus.FAILED, "disk full"));
    assertThat(run.failures()).containsExactly("b: disk full");
    assertThat(run.label()).isEqualTo("a,b");
  }

  @Test
  void postMovesAwayFromAWorkerThatLeftOrRefused() {
    WorkerSession a = worker("a");
    WorkerSession b = worker("b");
    BroadcastRun run = new BroadcastRun(List.of(a, b));
    run.startTasks();
    run.taskEnded(a, TaskStatus.SUCCEEDED, "1");
    run.taskEnded(b, TaskStatus.SUCCEEDED, "2");
    a.leaving();
    assertThat(run.choosePostWorker(null)).isSameAs(b);
    assertThat(run.choosePostWorker(b)).as("nobody else takes work").isNull();
    assertThat(run.phase()).isEqualTo(BroadcastRun.Phase.DONE);
  }

  @Test
  void aSessionReplacedByAReconnectIsNotPartOfTheRun() {
    WorkerSession a = worker("a");
    BroadcastRun run = new BroadcastRun(List.of(a));
    assertThat(run.includes(a)).isTrue();
    assertThat(run.includes(worker("a"))).isFalse();
  }
}
