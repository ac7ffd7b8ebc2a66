CREATE TABLE inputs (id bigint PRIMARY KEY, version_id bigint);
CREATE TABLE sessions (id bigint PRIMARY KEY, worker_id bigint);
CREATE TABLE outputs (id bigint PRIMARY KEY, build_id bigint);
-- fixture: existing above

-- Negative: TRUNCATE holds an ACCESS EXCLUSIVE lock until commit and leaves
-- nothing to index.
BEGIN;
TRUNCATE TABLE inputs, "sessions";
CREATE INDEX inputs_version_id ON inputs (version_id);
CREATE UNIQUE INDEX sessions_uniq
ON sessions (worker_id);

-- Positive: a DELETE leaves the dead rows to scan, and lets writers in.
DELETE FROM outputs;
CREATE INDEX outputs_build_id ON outputs (build_id); -- want: require-concurrent-index-creation 16:1-16:41
COMMIT;

-- Positive: after the transaction of the TRUNCATE committed.
CREATE INDEX inputs_id_version_id ON inputs (id, version_id); -- want: require-concurrent-index-creation 20:1-20:44
