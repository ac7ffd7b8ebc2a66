CREATE SCHEMA app;
CREATE TABLE jobs (id bigint PRIMARY KEY);
CREATE TABLE app."Inputs" (id bigint PRIMARY KEY);
CREATE TABLE phases (id bigint PRIMARY KEY, start_after text);
CREATE TABLE steps (id bigint PRIMARY KEY, done boolean);
-- fixture: existing above

-- Negative: TRUNCATE earlier in the same transaction (the whole file, which
-- has no BEGIN/COMMIT) leaves no row to reject the column.
TRUNCATE TABLE jobs;
ALTER TABLE jobs ADD COLUMN version_id integer NOT NULL REFERENCES jobs (id);
TRUNCATE ONLY app."Inputs" CASCADE;
ALTER TABLE app."Inputs" ADD COLUMN "resourceId" bigint NOT NULL, ADD COLUMN "name" text NOT NULL;

-- Negative: so does a DELETE without WHERE.
DELETE FROM phases;
ALTER TABLE phases DROP COLUMN start_after, ADD COLUMN "index" smallint NOT NULL;

-- Positive: a DELETE with WHERE leaves rows behind.
DELETE FROM steps WHERE done;
ALTER TABLE steps ADD COLUMN kind text NOT NULL; -- want: adding-required-field 21:19-21:48

-- Positive: refilled after the TRUNCATE, before the ALTER.
TRUNCATE jobs;
INSERT INTO jobs (id, version_id) SELECT 1, 1;
ALTER TABLE jobs ADD COLUMN kind text NOT NULL; -- want: adding-required-field 26:18-26:47
