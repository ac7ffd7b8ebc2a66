CREATE TABLE inputs (id bigint PRIMARY KEY, version_id bigint);
CREATE INDEX inputs_version_id ON inputs (version_id);
CREATE TABLE outputs (id bigint PRIMARY KEY, build_id bigint);
CREATE INDEX outputs_build_id ON outputs (build_id);
-- fixture: existing above

-- Negative: the table is already locked ACCESS EXCLUSIVE by the TRUNCATE of
-- this transaction.
TRUNCATE inputs;
DROP INDEX inputs_version_id;

-- Positive: a DELETE takes no such lock.
DELETE FROM outputs;
DROP INDEX outputs_build_id; -- want: require-concurrent-index-deletion 14:1-14:28
