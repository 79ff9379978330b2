package io.drover.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario of {@code bench/run.sh} reports: its figures (the rows of the suite's table), free-form
 * details for the JSON (settings, raw samples), and whether it ran to the end. Every scenario main writes one of
 * these with {@link #write(Path)} to the file named by its {@code --result FILE} option; {@link SuiteReport}
 * reads them all back.
 */
public final class ScenarioResult {
  private String scenario;
  private String title;
  private boolean completed;
  private String error;
  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, Object> details = new LinkedHashMap<>();

  private ScenarioResult() {}

  /**
   * A result for scenario {@code scenario} (a short id such as "failover") with a one-line {@code title}
   * saying what ran ("kill -9 of the leader, 3 servers, 10 rounds").
   */
  public static ScenarioResult of(String scenario, String title) {
    ScenarioResult r = new ScenarioResult();
    r.scenario = scenario;
    r.title = title;
    r.completed = true;
    return r;
  }

  public ScenarioResult add(Figure f) {
    figures.add(f);
    return this;
  }

  public ScenarioResult detail(String key, Object value) {
    details.put(key, value);
    return this;
  }

  /** Marks the scenario as not run to the end, with the reason; figures gathered so far stay. */
  public ScenarioResult failed(String reason) {
    completed = false;
    error = reason;
    return this;
  }

  public String getScenario() {
    return scenario;
  }

  public String getTitle() {
    return title;
  }

  public boolean isCompleted() {
    return completed;
  }

  public String getError() {
    return error;
  }

  public List<Figure> getFigures() {
    return figures;
  }

  public Map<String, Object> getDetails() {
    return details;
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    mapper().writeValue(file.toFile(), this);
  }

  public static ScenarioResult read(Path file) throws IOException {
    return mapper().readValue(file.toFile(), ScenarioResult.class);
  }

  // for Jackson
  void setScenario(String scenario) {
    this.scenario = scenario;
  }

  void setTitle(String title) {
    this.title = title;
  }

  void setCompleted(boolean completed) {
    this.completed = completed;
  }

  void setError(String error) {
    this.error = error;
  }

  void setFigures(List<Figure> figures) {
    this.figures.clear();
    this.figures.addAll(figures);
  }

  void setDetails(Map<String, Object> details) {
    this.details.clear();
    this.details.putAll(details);
  }
}
