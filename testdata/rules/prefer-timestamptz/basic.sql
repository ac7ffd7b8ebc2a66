CREATE TABLE events (
  a timestamp, -- want: prefer-timestamptz 2:5-2:14
  b timestamp NOT NULL DEFAULT now(), -- want: prefer-timestamptz 3:5-3:14
  c TIMESTAMP(3), -- want: prefer-timestamptz 4:5-4:17
  d timestamp without time zone, -- want: prefer-timestamptz 5:5-5:32
  e timestamp(6) WITHOUT TIME ZONE[] DEFAULT '{}', -- want: prefer-timestamptz 6:5-6:37
  f pg_catalog.timestamp, -- want: prefer-timestamptz 7:5-7:25
  g timestamp ARRAY -- want: prefer-timestamptz 8:5-8:20
);

ALTER TABLE app.users
  ADD COLUMN seen_at timestamp, -- want: prefer-timestamptz 12:22-12:31
  ALTER COLUMN created_at TYPE timestamp USING created_at AT TIME ZONE 'UTC'; -- want: prefer-timestamptz 13:32-13:41

-- Negative: timestamptz in every spelling, dates and times.
CREATE TABLE ok (
  a timestamptz,
  b timestamp with time zone,
  c timestamptz(3)[],
  d date,
  e time,
  f interval
);
ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz;
SELECT now()::timestamp;
