package io.drover.scheduler.store;

import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.InstanceWrite;
import io.drover.scheduler.instance.Progress;
import io.drover.scheduler.instance.Transition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.executor.BatchResult;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;

/** Instances: batched fire recording, idempotent API runs, batched state changes, queries. */
public final class InstanceStore {
  private final Database db;

  public InstanceStore(Database db) {
    this.db = db;
  }

  /**
   * Records a batch of scheduled fires in one transaction: every job's next fire time moves by compare-and-set
   * (one batched round trip), and the instances of the fires whose CAS won go in one multi-row insert. A fire whose
   * CAS lost (another leader or an edit moved the schedule) creates nothing.
   *
   * @return the instances that were created, in input order
   */
  public List<Instance> recordFires(List<Fire> fires, long now) {
    if (fires.isEmpty()) {
      return List.of();
    }
    try (SqlSession s = db.sessions().openSession(ExecutorType.BATCH, false)) {
      JobMapper jobs = s.getMapper(JobMapper.class);
      for (Fire f : fires) {
        jobs.casNextFire(f.jobId(), f.fireAt(), f.nextFireAt(), now);
      }
      int[] counts = updateCounts(s.flushStatements(), fires.size());
      List<Instance> won = new ArrayList<>(fires.size());
      for (int i = 0; i < fires.size(); i++) {
        if (counts[i] == 1) {
          won.add(fires.get(i).instance());
        }
      }
      List<Instance> created = won;
      if (!won.isEmpty()) {
        InstanceMapper instances = s.getMapper(InstanceMapper.class);
        instances.insertAll(won);
        s.flushStatements();
        created = keepExisting(instances, won);
      }
      s.commit();
      return created;
    }
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

  private static List<Instance> keepExisting(InstanceMapper mapper, List<Instance> inserted) {
    // INSERT IGNORE skipped rows whose (job, trigger) exists; keep only the rows this transaction wrote.
    List<Long> ids = inserted.stream().map(Instance::id).toList();
    Set<Long> present = new HashSet<>(mapper.existingIds(ids));
    if (present.size() == inserted.size()) {
      return inserted;
    }
    return inserted.stream().filter(i -> present.contains(i.id())).toList();
  }

  /**
   * Inserts an API run. When an instance with the same (job, trigger key) exists, returns that one instead:
   * repeating a run with one idempotency key creates one instance.
   *
   * @return the stored instance and whether this call created it
   */
  public Created insertRun(Instance instance) {
    try (SqlSession s = db.sessions().openSession(true)) {
      s.getMapper(InstanceMapper.class).insert(instance);
      return new Created(instance, true);
    } catch (PersistenceException e) {
      if (!DuplicateException.isDuplicateKey(e)) {
        throw e;
      }
    }
    try (SqlSession s = db.sessions().openSession(true)) {
      Instance existing = s.getMapper(InstanceMapper.class).findByTrigger(instance.jobId(), instance.triggerKey());
      if (existing == null) {
        throw new IllegalStateException("instance for job " + instance.jobId() + " trigger "
            + instance.triggerKey() + " collided but cannot be read back");
      }
      return new Created(existing, false);
    }
  }

  /** Result of {@link #insertRun}. */
  public record Created(Instance instance, boolean created) {}

  /** Applies state changes and attempt records, in order, in one batched round trip and one commit. */
  public void apply(List<InstanceWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    try (SqlSession s = db.sessions().openSession(ExecutorType.BATCH, false)) {
      InstanceMapper m = s.getMapper(InstanceMapper.class);
      // Grouped by statement: a JDBC batch ends where the SQL text changes, so interleaving the two kinds would cut
      // the batch into pieces of one or two statements. Transitions keep their order; attempt rows are independent.
      for (InstanceWrite w : writes) {
        if (w instanceof Transition t) {
          m.apply(t);
        }
      }
      for (InstanceWrite w : writes) {
        if (w instanceof AttemptRecord a) {
          m.insertAttempt(a);
        }
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

  /** The ended attempts of an instance, first to last. */
  public List<AttemptRecord> attempts(long id) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(InstanceMapper.class).findAttempts(id);
    }
  }
}
