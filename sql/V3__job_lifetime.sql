-- Optional lifetime of a job: no fire before start_at, none after end_at (epoch ms, NULL = unbounded).
ALTER TABLE job ADD COLUMN start_at BIGINT NULL, ADD COLUMN end_at BIGINT NULL;
