-- API bearer tokens. Only the SHA-256 (hex) of a token is stored; the token itself is shown once, at creation.
-- scope is 'admin' (everything) or 'app:<name>' (that app's jobs and instances only).
CREATE TABLE api_token (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  name        VARCHAR(128) NOT NULL,
  token_hash  CHAR(64)     NOT NULL,
  scope       VARCHAR(80)  NOT NULL,
  created_at  BIGINT       NOT NULL,
  revoked_at  BIGINT       NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_api_token_hash (token_hash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
