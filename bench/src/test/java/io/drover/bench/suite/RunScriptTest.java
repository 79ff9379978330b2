package io.drover.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * bench/run.sh cannot rot silently: it parses, and every scenario class it starts exists with a main method (each
 * scenario's smoke test runs the scenario itself).
 */
class RunScriptTest {
  private static final Path SCRIPT = Path.of("run.sh");

  @Test
  void scriptParses() throws Exception {
    Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void everyScenarioClassExistsWithAMain() throws Exception {
    Matcher m = Pattern.compile("\\b(io\\.drover\\.bench\\.[\\w.]+)").matcher(Files.readString(SCRIPT));
    List<String> classes = new ArrayList<>();
    while (m.find()) {
      classes.add(m.group(1));
    }
    assertThat(classes).hasSizeGreaterThanOrEqualTo(10);
    for (String c : classes) {
      assertThat(Class.forName(c).getMethod("main", String[].class)).as(c).isNotNull();
    }
  }
}
