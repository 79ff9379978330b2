package io.drover.scheduler.store;

import io.drover.scheduler.job.Job;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

/** Job definitions. */
public final class JobStore {
  private final Database db;

  public JobStore(Database db) {
    this.db = db;
  }

  /** Inserts the job and returns it with its id; {@link DuplicateException} when the app has a job of that name. */
  public Job create(Job job) {
    try (SqlSession s = db.sessions().openSession(true)) {
      JobMapper.GeneratedKey key = new JobMapper.GeneratedKey();
      s.getMapper(JobMapper.class).insert(job, key);
      return job.withId(key.getValue());
    } catch (PersistenceException e) {
      if (DuplicateException.isDuplicateKey(e)) {
        throw new DuplicateException("app '" + job.app() + "' has a job named '" + job.name() + "' already");
      }
      throw e;
    }
  }

  public Optional<Job> find(long id) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return Optional.ofNullable(JobReads.byId(s.getConnection(), id));
    } catch (java.sql.SQLException e) {
      throw new PersistenceException("cannot read job " + id + ": " + e.getMessage(), e);
    }
  }

  public Optional<Job> find(String app, String name) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return Optional.ofNullable(s.getMapper(JobMapper.class).findByName(app, name));
    }
  }

  public List<Job> byApp(long appId) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(JobMapper.class).findByApp(appId);
    }
  }

  public List<Job> all() {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(JobMapper.class).findAll();
    }
  }

  /** Enabled jobs of the app whose next fire is at or before {@code until}, soonest first. */
  /**
   * The enabled jobs due by {@code until} after a (fire time, id) position, in that order: a range scan of
   * idx_job_due that reads each due job once. {@code afterId = Long.MAX_VALUE} starts after every job of
   * {@code afterAt}.
   */
  public List<Job> dueAfter(long appId, long afterAt, long afterId, long until, int limit) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return JobReads.dueAfter(s.getConnection(), appId, afterAt, afterId, until, limit);
    } catch (java.sql.SQLException e) {
      throw new PersistenceException("cannot read due jobs: " + e.getMessage(), e);
    }
  }

  /** Those of these jobs (at most a few hundred ids) that are enabled and due by {@code until}: a key lookup. */
  public List<Job> dueByIds(long appId, List<Long> ids, long until) {
    if (ids.isEmpty()) {
      return List.of();
    }
    try (SqlSession s = db.sessions().openSession(true)) {
      return JobReads.dueByIds(s.getConnection(), appId, ids, until);
    } catch (java.sql.SQLException e) {
      throw new PersistenceException("cannot read due jobs by id: " + e.getMessage(), e);
    }
  }

  /** Due jobs whose definition changed since {@code since}. */
  public List<Job> editedDue(long appId, long since, long until, int limit) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return JobReads.editedDue(s.getConnection(), appId, since, until, limit);
    } catch (java.sql.SQLException e) {
      throw new PersistenceException("cannot read edited due jobs: " + e.getMessage(), e);
    }
  }

  /** Replaces the definition; returns false when the job does not exist. */
  public boolean update(Job job) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(JobMapper.class).update(job) == 1;
    } catch (PersistenceException e) {
      if (DuplicateException.isDuplicateKey(e)) {
        throw new DuplicateException("app '" + job.app() + "' has a job named '" + job.name() + "' already");
      }
      throw e;
    }
  }

  public boolean delete(long id) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(JobMapper.class).delete(id) == 1;
    }
  }

  /** Sets a FIXED_DELAY job's next fire once its previous instance ended. */
  public boolean scheduleAfterEnd(long id, long next, long now) {
    try (SqlSession s = db.sessions().openSession(true)) {
      return s.getMapper(JobMapper.class).scheduleAfterEnd(id, next, now) == 1;
    }
  }
}
