-- The trigger loop reads each due job once (by a window of next_fire_at) and, separately, the due jobs whose
-- definition changed in the last seconds; this index serves the second read. updated_at now changes only when a
-- job's definition does (a fire's compare-and-set of next_fire_at leaves it alone).
CREATE INDEX idx_job_edited ON job (app_id, updated_at, enabled, next_fire_at);
