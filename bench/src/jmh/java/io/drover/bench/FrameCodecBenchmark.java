package io.drover.bench;

import io.drover.protocol.Dispatch;
import io.drover.protocol.Envelope;
import io.drover.protocol.FrameDecoder;
import io.drover.protocol.FrameEncoder;
import io.drover.protocol.FrameFormat;
import io.drover.protocol.Report;
import io.drover.protocol.TaskStatus;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of one DISPATCH and one REPORT frame through the encoder and decoder (the per-instance wire cost). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FrameCodecBenchmark {
  private EmbeddedChannel encoder;
  private EmbeddedChannel decoder;
  private final Envelope dispatch = Envelope.of(new Dispatch(7_000_000_000L, 1, 3, 42, "settle", "{\"order\":42}", 0));
  private final Envelope report = Envelope.of(new Report(7_000_000_000L, 1, TaskStatus.SUCCEEDED, "ok", 1L));

  @Setup
  public void setUp() {
    encoder = new EmbeddedChannel(FrameEncoder.INSTANCE);
    decoder = new EmbeddedChannel(new FrameDecoder(FrameFormat.DEFAULT_MAX_BODY));
  }

  @TearDown
  public void tearDown() {
    encoder.finishAndReleaseAll();
    decoder.finishAndReleaseAll();
  }

  private Object roundTrip(Envelope e) {
    encoder.writeOutbound(e);
    ByteBuf frame = encoder.readOutbound();
    decoder.writeInbound(frame);
    return decoder.readInbound();
  }

  @Benchmark
  public Object dispatchRoundTrip() {
    return roundTrip(dispatch);
  }

  @Benchmark
  public Object reportRoundTrip() {
    return roundTrip(report);
  }
}
