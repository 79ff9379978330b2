package io.drover.bench.suite;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The suite's "micro" scenario: the JMH benchmarks of hot code (bench/src/jmh: frame codec, worker picker,
 * next-fire computation), each figure one benchmark's throughput in operations per second.
 *
 * <pre>MicroBench [--smoke] [--result FILE]</pre> {@code --smoke} runs each benchmark briefly in this JVM, to
 * prove they run, not to measure.
 */
public final class MicroBench {
  private MicroBench() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = false;
    Path result = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--result" -> result = Path.of(args[++i]);
        default -> {
          System.err.println("usage: MicroBench [--smoke] [--result FILE]");
          System.exit(2);
        }
      }
    }
    ScenarioResult r = run(smoke);
    if (result != null) {
      r.write(result);
    }
  }

  static ScenarioResult run(boolean smoke) throws Exception {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include("io\\.drover\\..*Benchmark")
        .timeUnit(TimeUnit.SECONDS);
    if (smoke) {
      b.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100)).measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200)).param("workers", "8");
    } else {
      b.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(5)
          .measurementTime(TimeValue.seconds(2));
    }
    Collection<RunResult> results = new Runner(b.build()).run();
    ScenarioResult r = ScenarioResult.of("micro", "JMH throughput of hot code, one thread"
        + (smoke ? " (smoke: not a measurement)" : ", 1 fork, 3 × 2 s warm-up, 5 × 2 s measured"));
    for (RunResult rr : results) {
      String bench = rr.getParams().getBenchmark();
      String name = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
      String workers = rr.getParams().getParam("workers");
      if (workers != null) {
        name += " (" + workers + " workers)";
      }
      var primary = rr.getPrimaryResult();
      r.add(Figure.of(name, Math.round(primary.getScore()), "ops/s"));
      r.detail(name, String.format(Locale.ROOT, "%.0f ± %.0f ops/s", primary.getScore(),
          primary.getScoreError()));
    }
    return r;
  }
}
