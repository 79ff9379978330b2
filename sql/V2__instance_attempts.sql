-- Every attempt of an instance, recorded when it ends (retries, timeouts, worker loss).
CREATE TABLE instance_attempt (
  instance_id   BIGINT       NOT NULL,
  attempt       INT          NOT NULL,
  worker        VARCHAR(128) NULL,
  status        VARCHAR(24)  NOT NULL,
  result        TEXT         NULL,
  dispatched_at BIGINT       NULL,
  started_at    BIGINT       NULL,
  finished_at   BIGINT       NOT NULL,
  PRIMARY KEY (instance_id, attempt)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
