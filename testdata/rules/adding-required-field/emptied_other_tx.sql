CREATE TABLE jobs (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive: the TRUNCATE committed before the ALTER ran, so rows may have
-- arrived in between.
BEGIN;
TRUNCATE jobs;
COMMIT;
ALTER TABLE jobs ADD COLUMN version_id integer NOT NULL; -- want: adding-required-field 9:18-9:56
