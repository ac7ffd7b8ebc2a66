CREATE TABLE inputs (id bigint PRIMARY KEY, version_id bigint);
-- fixture: existing above

-- Negative: rows the migration itself writes after the TRUNCATE are indexed
-- under the lock the TRUNCATE already holds until commit; CONCURRENTLY could
-- not release it earlier.
TRUNCATE inputs;
INSERT INTO inputs SELECT g, g FROM generate_series(1, 10) g;
CREATE INDEX inputs_version_id ON inputs (version_id);
