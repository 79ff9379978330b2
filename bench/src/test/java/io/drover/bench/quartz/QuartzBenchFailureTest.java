package io.drover.bench.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.bench.suite.Figure;
import io.drover.bench.suite.ScenarioResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class QuartzBenchFailureTest {

  @Test
  @Timeout(30)
  void anUnreachableDatabaseGivesAFailedResultWithTheFiguresUnmeasured(@TempDir Path dir) throws Exception {
    Path resultFile = dir.resolve("quartz.json");
    // nothing listens on port 1 of the loopback: the connection is refused at once
    QuartzOptions options = QuartzOptions.smoke(resultFile, Map.of("DROVER_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:1/"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    QuartzBench.Outcome outcome = QuartzBench.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(outcome.window()).isNull();
    ScenarioResult read = ScenarioResult.read(resultFile);
    assertThat(read.isCompleted()).isFalse();
    assertThat(read.getError()).isNotBlank();
    assertThat(read.getFigures()).extracting(Figure::name).hasSize(6).contains("quartz achieved fires/s");
    assertThat(read.getFigures()).filteredOn(f -> f.name().equals("quartz offered fires/s"))
        .singleElement().extracting(Figure::value).isEqualTo(20.0);
    assertThat(read.getFigures()).filteredOn(f -> f.name().equals("quartz achieved fires/s"))
        .singleElement().extracting(Figure::value).matches(v -> Double.isNaN(v));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Quartz bench failed");
  }
}
