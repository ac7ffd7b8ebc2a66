-- fixture: runner=psql
CREATE TABLE builds (id bigint PRIMARY KEY, status text);
-- fixture: existing above

-- Negative: psql commits the ALTER before the backfill runs.
ALTER TABLE builds ADD COLUMN finished boolean;
UPDATE builds SET finished = false;
BEGIN;
ALTER TABLE builds ADD COLUMN started boolean;
UPDATE builds SET started = false; -- want: expensive-statement-holding-access-exclusive 10:1-10:34
COMMIT;
