CREATE TABLE builds (id bigint PRIMARY KEY, started timestamp, ended timestamp(3));
CREATE TABLE inputs (modified timestamp);
CREATE TABLE jobs (at timestamp);
-- fixture: existing above

-- Positive: whether timestamp → timestamptz rewrites depends on the session
-- TimeZone, which nothing in the file sets yet.
ALTER TABLE inputs
  ALTER COLUMN modified TYPE timestamp with time zone; -- want: changing-column-type 9:3-9:54

-- Negative: in UTC, PostgreSQL 12+ converts in place.
SET TIME ZONE 'UTC';
ALTER TABLE builds ALTER COLUMN started TYPE timestamptz, ALTER COLUMN ended TYPE timestamptz(6);

-- Positive: a USING expression is computed row by row.
ALTER TABLE jobs ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC'; -- want: changing-column-type 16:18-16:78
