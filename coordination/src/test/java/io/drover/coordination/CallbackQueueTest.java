package io.drover.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CallbackQueueTest {

  @Test
  void runsCallbacksInOrderOnOneThreadNeverConcurrently() {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CallbackQueue queue = new CallbackQueue("test-callbacks-order");
    IntStream.range(0, 500).forEach(i -> queue.submit("cb" + i, () -> {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      seen.add(i);
      threads.add(Thread.currentThread().getName());
      running.decrementAndGet();
    }));
    queue.close();

    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
    assertThat(threads).containsExactly("test-callbacks-order");
    assertThat(maxRunning).hasValue(1);
    assertThat(queue.isTerminated()).isTrue();
  }

  @Test
  void aFailingCallbackDoesNotStopLaterOnes() {
    List<String> seen = new CopyOnWriteArrayList<>();
    CallbackQueue queue = new CallbackQueue("test-callbacks-failing");
    queue.submit("first", () -> seen.add("first"));
    queue.submit("boom", () -> {
      throw new IllegalStateException("listener bug");
    });
    queue.submit("last", () -> seen.add("last"));
    queue.close();

    assertThat(seen).containsExactly("first", "last");
  }

  @Test
  void closeRunsQueuedCallbacksThenEndsTheThreadAndDropsLaterOnes() {
    List<String> seen = new CopyOnWriteArrayList<>();
    CallbackQueue queue = new CallbackQueue("test-callbacks-close");
    queue.submit("queued", () -> seen.add("queued"));
    queue.close();
    queue.submit("late", () -> seen.add("late"));
    queue.close();

    assertThat(seen).containsExactly("queued");
    assertThat(queue.isTerminated()).isTrue();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !ZkTesting.threadAlive("test-callbacks-close")); // a terminated executor's thread takes a moment to exit
  }

  @Test
  void closeFromInsideACallbackDoesNotWaitForItself() {
    CallbackQueue queue = new CallbackQueue("test-callbacks-self-close");
    List<String> seen = new CopyOnWriteArrayList<>();
    queue.submit("closer", () -> {
      queue.close();
      seen.add("closed");
    });
    org.awaitility.Awaitility.await().until(queue::isTerminated);
    assertThat(seen).containsExactly("closed");
  }

  @Test
  void awaitQueuedWaitsForWhatWasQueuedBeforeButNotForItself() throws Exception {
    CallbackQueue queue = new CallbackQueue("test-callbacks-await");
    CountDownLatch release = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    List<Boolean> fromInside = new CopyOnWriteArrayList<>();
    queue.submit("slow", () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      seen.add("slow");
    });
    queue.submit("inside", () -> {
      try {
        fromInside.add(queue.awaitQueued(5_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    assertThat(queue.awaitQueued(50)).isFalse();
    release.countDown();
    assertThat(queue.awaitQueued(5_000)).isTrue();

    assertThat(seen).containsExactly("slow");
    assertThat(fromInside).containsExactly(false);
    queue.close();
    assertThat(queue.awaitQueued(1_000)).isTrue();
  }
}
