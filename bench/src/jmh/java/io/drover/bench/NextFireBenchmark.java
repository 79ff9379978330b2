package io.drover.bench;

import io.drover.scheduler.job.ExecutionMode;
import io.drover.scheduler.job.Job;
import io.drover.scheduler.job.NextFireCalculator;
import io.drover.scheduler.job.ScheduleType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of computing a job's next fire time: paid once per fire on the trigger path. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NextFireBenchmark {
  private final Job cron = job(ScheduleType.CRON, "0/5 * * * * ?", "Europe/Berlin");
  private final Job rate = job(ScheduleType.FIXED_RATE, "1000", "UTC");
  private long t = 1_800_000_000_000L;

  private static Job job(ScheduleType type, String expr, String tz) {
    return new Job(1L, 1, "bench", "bench", null, type, expr, tz, "echo", null, ExecutionMode.STANDALONE,
        "LEAST_LOADED", null, 0, "ALLOW", 0, 1, 1000, "FIRE_ONCE", true, null, 0, 0, 0, null, null);
  }

  @Benchmark
  public Long cronNext() {
    t += 5_000;
    return NextFireCalculator.after(cron, t);
  }

  @Benchmark
  public Long fixedRateNext() {
    t += 1_000;
    return NextFireCalculator.after(rate, t);
  }
}
