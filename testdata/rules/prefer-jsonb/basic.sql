CREATE TABLE events (id int);
-- fixture: existing above

-- Positive: the range is the type.
CREATE TABLE e (payload json NOT NULL); -- want: prefer-jsonb 5:25-5:29
ALTER TABLE events ADD COLUMN meta json[]; -- want: prefer-jsonb
ALTER TABLE events ALTER COLUMN meta TYPE pg_catalog.json; -- want: prefer-jsonb

-- Negative: jsonb, a json expression.
CREATE TABLE f (payload jsonb);
SELECT '{}'::json;
