package io.drover.scheduler.store;

import io.drover.scheduler.instance.AttemptRecord;
import io.drover.scheduler.instance.Instance;
import io.drover.scheduler.instance.Progress;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

interface InstanceMapper {
  String SELECT = "SELECT i.id, i.job_id, i.app_id, a.name AS app, i.trigger_key, i.fire_at, i.trigger_type,"
      + " i.params, i.status, i.attempt, i.worker, i.epoch, i.result, i.created_at, i.dispatched_at,"
      + " i.started_at, i.finished_at FROM instance i JOIN app a ON a.id = i.app_id ";
  String COLUMNS = "(id, job_id, app_id, trigger_key, fire_at, trigger_type, params, status, attempt, worker, epoch,"
      + " result, created_at, dispatched_at, started_at, finished_at)";
  String VALUES = "(#{i.id}, #{i.jobId}, #{i.appId}, #{i.triggerKey}, #{i.fireAt}, #{i.triggerType}, #{i.params},"
      + " #{i.status}, #{i.attempt}, #{i.worker}, #{i.epoch}, #{i.result}, #{i.createdAt},"
      + " #{i.dispatchedAt,jdbcType=BIGINT}, #{i.startedAt,jdbcType=BIGINT}, #{i.finishedAt,jdbcType=BIGINT})";

  /** A single insert that fails with a duplicate-key error when (job, trigger) exists. */
  @Insert("INSERT INTO instance " + COLUMNS + " VALUES " + VALUES)
  int insert(@Param("i") Instance instance);

  @Select(SELECT + "WHERE i.id = #{id}")
  Instance findById(long id);

  @Select(SELECT + "WHERE i.job_id = #{jobId} AND i.trigger_key = #{key}")
  Instance findByTrigger(@Param("jobId") long jobId, @Param("key") String key);

  @Select("<script>" + SELECT + "<where>"
      + "<if test='q.jobId != null'> AND i.job_id = #{q.jobId} </if>"
      + "<if test='q.app != null'> AND a.name = #{q.app} </if>"
      + "<if test='q.status != null'> AND i.status = #{q.status} </if>"
      + "<if test='q.before != null'> AND i.id &lt; #{q.before} </if>"
      + "</where> ORDER BY i.id DESC LIMIT #{q.limit}</script>")
  List<Instance> find(@Param("q") InstanceQuery query);

  @Select(SELECT + "WHERE i.app_id = #{appId} AND i.status IN ('WAITING_DISPATCH', 'DISPATCHED', 'RUNNING')"
      + " ORDER BY i.id")
  List<Instance> findActive(long appId);

  @Update("UPDATE instance SET progress = #{p.json} WHERE id = #{p.id}")
  int applyProgress(@Param("p") Progress progress);

  @Select("SELECT progress FROM instance WHERE id = #{id}")
  String findProgress(long id);

  @Select("SELECT instance_id, attempt, worker, status, result, dispatched_at, started_at, finished_at"
      + " FROM instance_attempt WHERE instance_id = #{id} ORDER BY attempt")
  List<AttemptRecord> findAttempts(long id);
}
