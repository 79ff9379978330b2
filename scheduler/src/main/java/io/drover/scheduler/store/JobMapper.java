package io.drover.scheduler.store;

import io.drover.scheduler.job.Job;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

interface JobMapper {
  String SELECT = "SELECT j.id, j.app_id, a.name AS app, j.name, j.description, j.schedule_type, j.schedule_expr,"
      + " j.time_zone, j.processor, j.params, j.execution_mode AS mode, j.dispatch_strategy, j.worker_selector,"
      + " j.max_instances, j.overlap_policy, j.timeout_ms, j.max_attempts, j.retry_backoff_ms, j.misfire_policy,"
      + " j.enabled, j.next_fire_at, j.version, j.created_at, j.updated_at, j.start_at, j.end_at FROM job j JOIN app a ON a.id = j.app_id ";

  @Insert("INSERT INTO job (app_id, name, description, schedule_type, schedule_expr, time_zone, processor, params,"
      + " execution_mode, dispatch_strategy, worker_selector, max_instances, overlap_policy, timeout_ms, max_attempts,"
      + " retry_backoff_ms, misfire_policy, enabled, next_fire_at, version, created_at, updated_at, start_at,"
      + " end_at) VALUES ("
      + " #{job.appId}, #{job.name}, #{job.description}, #{job.scheduleType}, #{job.scheduleExpr}, #{job.timeZone},"
      + " #{job.processor}, #{job.params}, #{job.mode}, #{job.dispatchStrategy}, #{job.workerSelector},"
      + " #{job.maxInstances}, #{job.overlapPolicy}, #{job.timeoutMs}, #{job.maxAttempts}, #{job.retryBackoffMs},"
      + " #{job.misfirePolicy}, #{job.enabled}, #{job.nextFireAt,jdbcType=BIGINT}, 0, #{job.createdAt}, #{job.updatedAt},"
      + " #{job.startAt,jdbcType=BIGINT}, #{job.endAt,jdbcType=BIGINT})")
  @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
  int insert(@Param("job") Job job, @Param("key") GeneratedKey key);

  @Select(SELECT + "WHERE a.name = #{app} AND j.name = #{name}")
  Job findByName(@Param("app") String app, @Param("name") String name);

  @Select(SELECT + "WHERE j.app_id = #{appId} ORDER BY j.id")
  List<Job> findByApp(long appId);

  @Select(SELECT + "ORDER BY j.id")
  List<Job> findAll();

  /**
   * Compare-and-set of the next fire time: only the holder of the expected value moves the schedule. It leaves
   * {@code updated_at} alone: that column says when the definition changed, which the trigger loop watches.
   */
  @Update("UPDATE job SET next_fire_at = #{next,jdbcType=BIGINT}"
      + " WHERE id = #{id} AND next_fire_at = #{expected} AND enabled = 1")
  int casNextFire(@Param("id") long id, @Param("expected") long expected, @Param("next") Long next);

  /** FIXED_DELAY: the next fire is set when the previous instance ends, if nothing else set it meanwhile. */
  @Update("UPDATE job SET next_fire_at = #{next}, updated_at = #{now}"
      + " WHERE id = #{id} AND next_fire_at IS NULL AND schedule_type = 'FIXED_DELAY' AND enabled = 1"
      + " AND (end_at IS NULL OR end_at >= #{next})")
  int scheduleAfterEnd(@Param("id") long id, @Param("next") long next, @Param("now") long now);

  @Update("UPDATE job SET name = #{job.name}, description = #{job.description}, schedule_type = #{job.scheduleType},"
      + " schedule_expr = #{job.scheduleExpr}, time_zone = #{job.timeZone}, processor = #{job.processor},"
      + " params = #{job.params}, execution_mode = #{job.mode}, dispatch_strategy = #{job.dispatchStrategy},"
      + " worker_selector = #{job.workerSelector}, max_instances = #{job.maxInstances},"
      + " overlap_policy = #{job.overlapPolicy}, timeout_ms = #{job.timeoutMs}, max_attempts = #{job.maxAttempts},"
      + " retry_backoff_ms = #{job.retryBackoffMs}, misfire_policy = #{job.misfirePolicy}, enabled = #{job.enabled},"
      + " next_fire_at = #{job.nextFireAt,jdbcType=BIGINT}, version = version + 1, updated_at = #{job.updatedAt},"
      + " start_at = #{job.startAt,jdbcType=BIGINT}, end_at = #{job.endAt,jdbcType=BIGINT}"
      + " WHERE id = #{job.id}")
  int update(@Param("job") Job job);

  @Delete("DELETE FROM job WHERE id = #{id}")
  int delete(long id);

  /** Holder for a generated key. */
  final class GeneratedKey {
    private Long value;

    public Long getValue() {
      return value;
    }

    public void setValue(Long value) {
      this.value = value;
    }
  }
}
