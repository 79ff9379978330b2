package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact subtask table: states and counts, tries, payloads and results read back from its local files. */
class SubtaskStoreTest {

  @Test
  void keepsStatesCountsAndTriesOfManySubtasks() {
    try (SubtaskStore s = new SubtaskStore("store-test-")) {
      int n = 5_000; // past the first growth of the arrays
      for (int i = 0; i < n; i++) {
        assertThat(s.add(i % 2 == 0 ? "even" : "odd", "{\"k\":" + i + "}")).isEqualTo(i);
      }
      assertThat(s.count(SubtaskStore.WAITING)).isEqualTo(n);
      assertThat(s.sent(7, 2)).isEqualTo(1);
      assertThat(s.worker(7)).isEqualTo(2);
      s.requeue(7, true); // failed: the try counts
      assertThat(s.sent(7, 1)).isEqualTo(2);
      s.requeue(7, false); // its worker left: the try does not count
      assertThat(s.sent(7, 0)).isEqualTo(2);
      assertThat(s.count(SubtaskStore.RUNNING)).isEqualTo(1);
      s.ended(7, true, "seven");
      s.sent(8, 0);
      s.ended(8, false, null);
      assertThat(s.count(SubtaskStore.WAITING)).isEqualTo(n - 2);
      assertThat(s.count(SubtaskStore.SUCCEEDED)).isEqualTo(1);
      assertThat(s.count(SubtaskStore.FAILED)).isEqualTo(1);
      assertThat(s.payload(4_999)).isEqualTo("{\"k\":4999}");
      assertThat(s.payload(0)).isEqualTo("{\"k\":0}");
      assertThat(s.name(7)).isEqualTo("odd");
      List<SubtaskResult> results = s.results();
      assertThat(results).hasSize(n);
      assertThat(results.get(7)).isEqualTo(new SubtaskResult(7, "odd", true, "seven"));
      assertThat(results.get(8)).isEqualTo(new SubtaskResult(8, "even", false, null));
    }
  }

  @Test
  void readsBackRecordsLargerThanTheWriteBuffer() {
    try (AppendFile f = new AppendFile("append-test-")) {
      byte[] big = new byte[600 * 1024];
      big[0] = 1;
      big[big.length - 1] = 2;
      long a = f.append(new byte[] {9, 8, 7});
      long b = f.append(big);
      long c = f.append(new byte[] {5});
      assertThat(f.read(a, 3)).containsExactly(9, 8, 7);
      assertThat(f.read(b, big.length)).isEqualTo(big);
      assertThat(f.read(c, 1)).containsExactly(5);
    }
  }

  @Test
  void intQueueKeepsOrderWhileGrowing() {
    IntQueue q = new IntQueue();
    for (int i = 0; i < 700; i++) {
      q.add(i);
    }
    for (int i = 0; i < 500; i++) {
      assertThat(q.poll()).isEqualTo(i);
    }
    for (int i = 700; i < 3_000; i++) {
      q.add(i); // wraps around, then grows
    }
    for (int i = 500; i < 3_000; i++) {
      assertThat(q.poll()).isEqualTo(i);
    }
    assertThat(q.isEmpty()).isTrue();
  }
}
