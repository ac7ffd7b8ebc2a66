CREATE TABLE builds (id bigint PRIMARY KEY, status text);
CREATE TABLE jobs (id bigint PRIMARY KEY, build_id bigint);
CREATE TABLE archive (id bigint);
-- fixture: existing above

-- A file without BEGIN runs as one transaction (sqlreview's runner).
ALTER TABLE builds ADD COLUMN finished boolean;
-- Negative: cheap statements after the lock.
COMMENT ON COLUMN builds.finished IS 'set when the build ends';
INSERT INTO archive VALUES (1);
-- Positive: every expensive statement, not just the first.
UPDATE builds SET finished = (status <> 'running'); -- want: expensive-statement-holding-access-exclusive 12:1-12:51 /^UPDATE of "builds" runs while the transaction holds an ACCESS EXCLUSIVE lock on "builds" \(taken on line 7\): every read and write of it waits/
DELETE FROM jobs WHERE build_id IS NULL; -- want: expensive-statement-holding-access-exclusive 13:1-13:40
INSERT INTO archive SELECT id FROM builds; -- want: expensive-statement-holding-access-exclusive 14:1-14:42
CREATE INDEX builds_finished_idx ON builds (finished); -- want: expensive-statement-holding-access-exclusive 15:1-15:54
ALTER TABLE jobs VALIDATE CONSTRAINT jobs_build_fk; -- want: expensive-statement-holding-access-exclusive 16:1-16:51
REINDEX TABLE jobs; -- want: expensive-statement-holding-access-exclusive 17:1-17:19
-- Negative: a table created in this file has no rows of the application's.
CREATE TABLE fresh (id bigint);
UPDATE fresh SET id = 1;
