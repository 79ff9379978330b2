-- Drover schema, version 1. MySQL 8 / MariaDB 10.6+.
-- All times are epoch milliseconds (UTC) in BIGINT columns; a job's time zone is a column of its own.

CREATE TABLE app (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  name          VARCHAR(64)  NOT NULL,
  secret_hash   VARCHAR(128) NOT NULL,
  leader_epoch  BIGINT       NOT NULL DEFAULT 0,
  leader_server VARCHAR(128) NULL,
  created_at    BIGINT       NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_app_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE job (
  id                BIGINT       NOT NULL AUTO_INCREMENT,
  app_id            BIGINT       NOT NULL,
  name              VARCHAR(128) NOT NULL,
  description       VARCHAR(1024) NULL,
  schedule_type     VARCHAR(16)  NOT NULL,
  schedule_expr     VARCHAR(256) NULL,
  time_zone         VARCHAR(64)  NOT NULL DEFAULT 'UTC',
  processor         VARCHAR(256) NOT NULL,
  params            TEXT         NULL,
  execution_mode    VARCHAR(16)  NOT NULL DEFAULT 'STANDALONE',
  dispatch_strategy VARCHAR(32)  NOT NULL DEFAULT 'LEAST_LOADED',
  worker_selector   VARCHAR(512) NULL,
  max_instances     INT          NOT NULL DEFAULT 0,
  overlap_policy    VARCHAR(16)  NOT NULL DEFAULT 'ALLOW',
  timeout_ms        BIGINT       NOT NULL DEFAULT 0,
  max_attempts      INT          NOT NULL DEFAULT 1,
  retry_backoff_ms  BIGINT       NOT NULL DEFAULT 1000,
  misfire_policy    VARCHAR(16)  NOT NULL DEFAULT 'FIRE_ONCE',
  enabled           TINYINT(1)   NOT NULL DEFAULT 1,
  next_fire_at      BIGINT       NULL,
  version           INT          NOT NULL DEFAULT 0,
  created_at        BIGINT       NOT NULL,
  updated_at        BIGINT       NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_job_app_name (app_id, name),
  -- the trigger loop reads only what is due: a range scan on this index
  KEY idx_job_due (app_id, enabled, next_fire_at),
  CONSTRAINT fk_job_app FOREIGN KEY (app_id) REFERENCES app (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE instance (
  id            BIGINT       NOT NULL,
  job_id        BIGINT       NOT NULL,
  app_id        BIGINT       NOT NULL,
  -- S:<fire time> for scheduled fires, A:<key> for API runs: at most one instance per (job, trigger)
  trigger_key   VARCHAR(160) NOT NULL,
  fire_at       BIGINT       NOT NULL,
  trigger_type  VARCHAR(16)  NOT NULL,
  params        TEXT         NULL,
  status        VARCHAR(24)  NOT NULL,
  attempt       INT          NOT NULL DEFAULT 1,
  worker        VARCHAR(128) NULL,
  epoch         BIGINT       NOT NULL DEFAULT 0,
  result        TEXT         NULL,
  created_at    BIGINT       NOT NULL,
  dispatched_at BIGINT       NULL,
  started_at    BIGINT       NULL,
  finished_at   BIGINT       NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_instance_trigger (job_id, trigger_key),
  KEY idx_instance_job (job_id, id),
  KEY idx_instance_app_status (app_id, status, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
