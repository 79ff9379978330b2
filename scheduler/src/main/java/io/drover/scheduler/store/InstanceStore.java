package io.drover.scheduler.store;

import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceWrite;
import io.drover.scheduler.instance.Progress;
import io.drover.scheduler.instance.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.ibatis.executor.BatchResult;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/** Instances: batched fire recording, idempotent API runs, batched state changes, queries. */
public final class InstanceStore {
  private final Database db;

  /** Batches of at least this many fires use the multi-row compare-and-set. */
  static final int MULTI_ROW_FROM = 64;

  public InstanceStore(Database db) {
    this.db = db;
  }

  /**
   * Records a batch of scheduled fires in one transaction: every job's next fire time moves by compare-and-set
   * (a few multi-row statements), and the instances of the fires whose CAS won go in one multi-row insert. A fire whose
   * CAS lost (another leader or an edit moved the schedule) creates nothing.
   *
   * @return the instances that were created, in input order
   */
  public List<Instance> recordFires(List<Fire> fires) {
    if (fires.isEmpty()) {
      return List.of();
    }
    // READ COMMITTED: the locking reads lock the rows they return and no gaps, so concurrent job inserts never
    // deadlock with a fire batch; every decision here is made on rows this transaction holds locked.
    try (SqlSession s = db.sessions().openSession(ExecutorType.BATCH, TransactionIsolationLevel.READ_COMMITTED)) {
      List<Fire> fenced = fencedByEpoch(s.getMapper(AppMapper.class), fires);
      if (fenced.isEmpty()) {
        s.rollback();
        return List.of();
      }
      fires = fenced;
      boolean[] moved = compareAndSet(s, fires);
      List<Instance> won = new ArrayList<>(fires.size());
      for (int i = 0; i < fires.size(); i++) {
        if (moved[i]) {
          won.add(fires.get(i).instance());
        }
      }
      List<Instance> created = won;
      if (!won.isEmpty()) {
        created = insertIgnore(s, won);
      }
      s.commit();
      return created;
    }
  }

  /**
   * The fires whose app is still led at the epoch they were made under. Each app's row is share-locked (in app id
   * order) until the commit: a new leader bumps the epoch only after this transaction, so its takeover sees these
   * instances, or it bumped first and these fires are dropped here. A share lock, so that job inserts (whose
   * foreign-key check share-locks the app row) never wait for a fire batch and cannot deadlock with it.
   */
  private static List<Fire> fencedByEpoch(AppMapper apps, List<Fire> fires) {
    java.util.TreeMap<Long, Long> epochs = new java.util.TreeMap<>();
    for (Fire f : fires) {
      epochs.put(f.instance().appId(), null);
    }
    for (Long appId : epochs.keySet()) {
      epochs.put(appId, apps.lockEpoch(appId));
    }
    List<Fire> kept = new ArrayList<>(fires.size());
    for (Fire f : fires) {
      Long current = epochs.get(f.instance().appId());
      if (current != null && current == f.instance().epoch()) {
        kept.add(f);
      }
    }
    return kept;
  }

  /**
   * The compare-and-set of every fire: two multi-row statements per 500 fires ({@link FireStatements}), or, for a
   * small batch or one where a job appears twice, one conditional UPDATE per fire, batched.
   */
  private static boolean[] compareAndSet(SqlSession s, List<Fire> fires) {
    // Small batches (light load): one round trip of conditional UPDATEs is quicker than a locking read and an
    // UPDATE; large ones (heavy load) cost the database far less as two multi-row statements.
    if (fires.size() >= MULTI_ROW_FROM && fires.stream().map(Fire::jobId).distinct().count() == fires.size()) {
      try {
        return FireStatements.compareAndSet(s.getConnection(), fires);
      } catch (java.sql.SQLException e) {
        throw new org.apache.ibatis.exceptions.PersistenceException("cannot move the jobs' next fire times: "
            + e.getMessage(), e);
      }
    }
    JobMapper jobs = s.getMapper(JobMapper.class);
    for (Fire f : fires) {
      jobs.casNextFire(f.jobId(), f.fireAt(), f.nextFireAt());
    }
    int[] counts = updateCounts(s.flushStatements(), fires.size());
    boolean[] won = new boolean[fires.size()];
    for (int i = 0; i < counts.length; i++) {
      won[i] = counts[i] == 1;
    }
    return won;
  }

  private static int[] updateCounts(List<BatchResult> results, int expected) {
    int[] counts = new int[expected];
    int n = 0;
    for (BatchResult r : results) {
      for (int c : r.getUpdateCounts()) {
        counts[n++] = c;
      }
    }
    if (n != expected) {
      throw new IllegalStateException("batch returned " + n + " update counts for " + expected + " statements");
    }
    return counts;
  }

  /** Inserts the rows (INSERT IGNORE) and returns those this transaction wrote, in order. */
  private static List<Instance> insertIgnore(SqlSession s, List<Instance> rows) {
    Set<Long> written;
    try {
      written = InstanceInserts.insertIgnore(s.getConnection(), rows);
    } catch (java.sql.SQLException e) {
      throw new org.apache.ibatis.exceptions.PersistenceException("cannot insert instances: " + e.getMessage(), e);
    }
    return written.size() == rows.size() ? rows : rows.stream().filter(i -> written.contains(i.id())).toList();
  }

  /** Result of {@link #insertRuns}: the stored instance and whether this call created it. */
  public record Created(Instance instance, boolean created) {}

  /**
   * Inserts a batch of API runs in one transaction (one multi-row INSERT IGNORE). A run whose (job, trigger key)
   * exists already, stored before or earlier in this batch, gets the stored instance back instead.
   *
   * @return for each run, in input order, the stored instance and whether this call created it
   */
  public List<Created> insertRuns(List<Instance> runs) {
    if (runs.isEmpty()) {
      return List.of();
    }
    try (SqlSession s = db.sessions().openSession(ExecutorType.SIMPLE, false)) {
      InstanceMapper m = s.getMapper(InstanceMapper.class);
      Set<Long> inserted = insertIgnore(s, runs).stream().map(Instance::id).collect(Collectors.toSet());
      List<Created> out = new ArrayList<>(runs.size());
      for (Instance run : runs) {
        if (inserted.contains(run.id())) {
          out.add(new Created(run, true));
          continue;
        }
        Instance existing = m.findByTrigger(run.jobId(), run.triggerKey());
        if (existing == null) {
          throw new IllegalStateException("instance for job " + run.jobId() + " trigger " + run.triggerKey()
              + " was neither inserted nor found");
        }
        out.add(new Created(existing, false));
      }
      s.commit();
      return out;
    }
  }

  /** Applies state changes and attempt records, in order, in one batched round trip and one commit. */
  public void apply(List<InstanceWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    try (SqlSession s = db.sessions().openSession(ExecutorType.BATCH, false)) {
      InstanceMapper m = s.getMapper(InstanceMapper.class);
      // Each instance's changes merged into one row, then a few multi-row statements for the whole batch.
      List<AttemptRecord> attempts = new ArrayList<>();
      for (InstanceWrite w : writes) {
        if (w instanceof AttemptRecord a) {
          attempts.add(a);
        }
      }
      try {
        TransitionStatements.update(s.getConnection(), List.copyOf(mergedByInstance(writes)));
        TransitionStatements.insertAttempts(s.getConnection(), attempts);
      } catch (java.sql.SQLException e) {
        throw new org.apache.ibatis.exceptions.PersistenceException("cannot write instance state changes: "
            + e.getMessage(), e);
      }
      for (InstanceWrite w : writes) {
        if (w instanceof Progress p) {
          m.applyProgress(p);
        }
      }
      s.flushStatements();
      s.commit();
    }
  }

  /**
   * The transitions of the batch with each instance's changes merged into one, in order of first appearance:
   * the last status, and for every other column the last value given (a null leaves the column as it is). One
   * UPDATE then does what the instance's several did, as each applies only to an instance not yet ended and no
   * change follows an end.
   */
  static java.util.Collection<Transition> mergedByInstance(List<InstanceWrite> writes) {
    java.util.Map<Long, Transition> merged = new java.util.LinkedHashMap<>();
    for (InstanceWrite w : writes) {
      if (w instanceof Transition t) {
        merged.merge(t.id(), t, (a, b) -> new Transition(a.id(), b.status(), last(a.attempt(), b.attempt()),
            last(a.worker(), b.worker()), last(a.result(), b.result()), last(a.dispatchedAt(), b.dispatchedAt()),
            last(a.startedAt(), b.startedAt()), last(a.finishedAt(), b.finishedAt())));
      }
    }
    return merged.values();
  }

  private static <T> T last(T earlier, T later) {
    return later != null ? later : earlier;
  }

  public Optional<Instance> find(long id) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return Optional.ofNullable(s.getMapper(InstanceMapper.class).findById(id));
    }
  }

  public List<Instance> find(InstanceQuery query) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(InstanceMapper.class).find(query);
    }
  }

  /** The app's instances that have not ended: what a new leader takes over. */
  public List<Instance> active(long appId) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(InstanceMapper.class).findActive(appId);
    }
  }

  /** The progress of an instance spread over tasks (counts by status, JSON), if it has any. */
  public Optional<String> progress(long id) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return Optional.ofNullable(s.getMapper(InstanceMapper.class).findProgress(id));
    }
  }

  /**
   * The ended attempts of an instance as read, first to last, with the one its own row holds
   * ({@link AttemptRecord#heldBy}).
   */
  public List<AttemptRecord> attempts(Instance instance) {
    try (SqlSession s = db.sessions().openSession(true)) {
      List<AttemptRecord> rows = s.getMapper(InstanceMapper.class).findAttempts(instance.id());
      return rows.isEmpty() ? AttemptRecord.heldBy(instance).map(List::of).orElse(rows) : rows;
    }
  }
}
