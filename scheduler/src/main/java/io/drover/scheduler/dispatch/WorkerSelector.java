package io.drover.scheduler.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which workers may run a job, from its {@code workerSelector}: comma-separated terms that must all hold.
 * {@code key=value} requires the worker label (from {@code drover.worker.labels}), {@code key=a|b} accepts either
 * value, {@code key!=value} excludes. The key {@code id} is the worker id, so {@code id=w1|w2} designates workers.
 * Empty selects every worker.
 */
public final class WorkerSelector {
  public static final WorkerSelector ANY = new WorkerSelector("", List.of());
  private static final Map<String, WorkerSelector> PARSED = new ConcurrentHashMap<>();

  private final String text;
  private final List<Term> terms;

  private record Term(String key, Set<String> values, boolean negated) {
    boolean holds(WorkerSession w) {
      String actual = "id".equals(key) ? w.workerId() : w.labels().get(key);
      boolean in = actual != null && values.contains(actual);
      return negated != in;
    }
  }

  private WorkerSelector(String text, List<Term> terms) {
    this.text = text;
    this.terms = terms;
  }

  /** The parsed selector (cached by text); throws IllegalArgumentException naming what is wrong. */
  public static WorkerSelector of(String text) {
    if (text == null || text.isBlank()) {
      return ANY;
    }
    WorkerSelector s = PARSED.get(text);
    if (s == null) {
      s = parse(text);
      if (PARSED.size() < 10_000) {
        PARSED.put(text, s);
      }
    }
    return s;
  }

  private static WorkerSelector parse(String text) {
    List<Term> terms = new ArrayList<>();
    for (String raw : text.split(",")) {
      String term = raw.trim();
      if (term.isEmpty()) {
        throw new IllegalArgumentException("workerSelector '" + text + "' has an empty term");
      }
      boolean negated = term.contains("!=");
      int op = negated ? term.indexOf("!=") : term.indexOf('=');
      if (op <= 0) {
        throw new IllegalArgumentException("workerSelector term '" + term + "' must be key=value or key!=value");
      }
      String key = term.substring(0, op).trim();
      String valuesText = term.substring(op + (negated ? 2 : 1)).trim();
      Set<String> values = new java.util.LinkedHashSet<>();
      for (String v : valuesText.split("\\|", -1)) {
        if (v.isBlank()) {
          throw new IllegalArgumentException("workerSelector term '" + term + "' has an empty value");
        }
        values.add(v.trim());
      }
      if (key.isEmpty() || !key.matches("[A-Za-z0-9_.\\-]+")) {
        throw new IllegalArgumentException("workerSelector key '" + key + "' must be letters, digits, _ . -");
      }
      terms.add(new Term(key, Set.copyOf(values), negated));
    }
    return new WorkerSelector(text.trim(), List.copyOf(terms));
  }

  public boolean matches(WorkerSession w) {
    for (Term t : terms) {
      if (!t.holds(w)) {
        return false;
      }
    }
    return true;
  }

  public boolean any() {
    return terms.isEmpty();
  }

  @Override
  public String toString() {
    return text;
  }
}
