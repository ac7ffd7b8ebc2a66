CREATE TABLE versions (id bigint PRIMARY KEY, scope_id bigint);
-- fixture: existing above

-- Positive: the CONCURRENTLY statement makes migration tools run this file
-- without a transaction, so the TRUNCATE commits (and releases its lock)
-- before the ALTER runs.
CREATE INDEX CONCURRENTLY versions_scope_id ON versions (scope_id);
TRUNCATE versions;
ALTER TABLE versions ADD CONSTRAINT versions_scope_key UNIQUE (scope_id); -- want: disallowed-unique-constraint 9:22-9:73
