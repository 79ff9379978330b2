package io.drover.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.protocol.Hello;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSelectorTest {
  private static WorkerSession worker(String id, Map<String, String> labels) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.finishAndReleaseAll();
    return new WorkerSession(new Hello("app", id, "h", labels, 1, List.of(), null), ch, 0);
  }

  @Test
  void termsMustAllHold() {
    WorkerSession w = worker("w7", Map.of("zone", "a", "gpu", "true"));
    assertThat(WorkerSelector.of("").matches(w)).isTrue();
    assertThat(WorkerSelector.of(null).matches(w)).isTrue();
    assertThat(WorkerSelector.of("zone=a").matches(w)).isTrue();
    assertThat(WorkerSelector.of(" zone = a , gpu=true ").matches(w)).isTrue();
    assertThat(WorkerSelector.of("zone=a,gpu=false").matches(w)).isFalse();
    assertThat(WorkerSelector.of("zone=b|a").matches(w)).isTrue();
    assertThat(WorkerSelector.of("zone!=a").matches(w)).isFalse();
    assertThat(WorkerSelector.of("zone!=b").matches(w)).isTrue();
    assertThat(WorkerSelector.of("rack=1").matches(w)).as("missing label").isFalse();
    assertThat(WorkerSelector.of("rack!=1").matches(w)).as("missing label is not 1").isTrue();
    assertThat(WorkerSelector.of("id=w1|w7").matches(w)).isTrue();
    assertThat(WorkerSelector.of("id=w1").matches(w)).isFalse();
  }

  @Test
  void malformedSelectorsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> WorkerSelector.of("zone")).hasMessageContaining("must be key=value");
    assertThatThrownBy(() -> WorkerSelector.of("=a")).hasMessageContaining("must be key=value");
    assertThatThrownBy(() -> WorkerSelector.of("zone=")).hasMessageContaining("empty value");
    assertThatThrownBy(() -> WorkerSelector.of("zone=a|")).hasMessageContaining("empty value");
    assertThatThrownBy(() -> WorkerSelector.of("zone=a,,gpu=true")).hasMessageContaining("empty term");
    assertThatThrownBy(() -> WorkerSelector.of("zo ne=a")).hasMessageContaining("letters, digits");
  }
}
