-- idx_job_edited without next_fire_at: every fire moves a job's next_fire_at, and with that column in this index
-- each fire rewrote an entry here as well as in idx_job_due. The edited-jobs read selects the few jobs changed in
-- the last seconds by (app_id, updated_at) and checks enabled and next_fire_at on their rows.
DROP INDEX idx_job_edited ON job;
CREATE INDEX idx_job_edited ON job (app_id, updated_at);
