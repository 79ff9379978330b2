-- Progress of an instance spread over tasks (broadcast, map, map-reduce): counts of the current attempt's tasks by
-- status, as a JSON object written by the leader; shown by GET /api/v1/instances/{id} as "progress".
ALTER TABLE instance ADD COLUMN progress TEXT NULL;
