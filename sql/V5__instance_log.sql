-- Instance logs: lines written by processors (ctx.log()), sent by workers in batches and stored by the leader.
-- seq orders the lines of an instance and is the paging cursor of GET /api/v1/instances/{id}/log?after={seq}.
-- Lines older than drover.log.retention-days are deleted in bounded batches through idx_instance_log_ts.
CREATE TABLE instance_log (
  seq          BIGINT       NOT NULL AUTO_INCREMENT,
  instance_id  BIGINT       NOT NULL,
  ts           BIGINT       NOT NULL,
  level        VARCHAR(16)  NOT NULL,
  worker       VARCHAR(128) NULL,
  line         TEXT         NOT NULL,
  PRIMARY KEY (seq),
  KEY idx_instance_log_instance (instance_id, seq),
  KEY idx_instance_log_ts (ts)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
