package io.drover.scheduler.dispatch;

import io.drover.protocol.Hello;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of choosing the worker for one attempt (paid once per dispatch) among {@code workers} connected workers, by
 * each strategy, with a label selector. In the scheduler's package: the picker is internal to dispatch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class WorkerPickerBenchmark {
  @Param({"8", "64"})
  public int workers;

  private final WorkerPicker picker = new WorkerPicker();
  private final WorkerSelector selector = WorkerSelector.of("zone=a|b");
  private final List<WorkerSession> sessions = new ArrayList<>();
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private long job;

  @Setup(Level.Trial)
  public void connect() {
    for (int i = 0; i < workers; i++) {
      EmbeddedChannel ch = new EmbeddedChannel();
      channels.add(ch);
      Hello hello = new Hello("bench", "w" + i, "127.0.0.1:" + (20_000 + i),
          Map.of("zone", i % 3 == 0 ? "c" : i % 2 == 0 ? "a" : "b"), 64, List.of(), "");
      sessions.add(new WorkerSession(hello, ch, 0));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    channels.forEach(EmbeddedChannel::close);
  }

  @Benchmark
  public WorkerSession leastLoaded() {
    return picker.pick(DispatchStrategy.LEAST_LOADED, selector, ++job, sessions);
  }

  @Benchmark
  public WorkerSession roundRobin() {
    return picker.pick(DispatchStrategy.ROUND_ROBIN, selector, ++job, sessions);
  }

  @Benchmark
  public WorkerSession consistentHash() {
    return picker.pick(DispatchStrategy.CONSISTENT_HASH, selector, ++job, sessions);
  }
}
