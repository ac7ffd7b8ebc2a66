CREATE SCHEMA app;
CREATE TABLE records (id bigint PRIMARY KEY, namespace text, plan_id text);
CREATE INDEX records_namespace ON records (namespace);
CREATE TABLE app.events (id bigint PRIMARY KEY, kind text);
CREATE INDEX events_kind ON app.events (kind);
-- fixture: existing above

-- Positive: a repair migration re-asserting an index on a table every
-- database has: where the earlier migration was skipped, the index is built
-- on a table full of rows.
CREATE INDEX IF NOT EXISTS "events_kind" ON app.events (kind); -- want: require-concurrent-index-creation 11:1-11:55

-- Negative: the table is re-declared IF NOT EXISTS too: where it existed the
-- index exists, and where it did not, the table is new and empty.
CREATE TABLE IF NOT EXISTS records (id bigint PRIMARY KEY);
CREATE INDEX IF NOT EXISTS records_namespace ON records (namespace);

-- Positive: IF NOT EXISTS of a new name builds the index.
CREATE INDEX IF NOT EXISTS records_plan_id ON records (plan_id); -- want: require-concurrent-index-creation 19:1-19:54

-- Positive: without IF NOT EXISTS the statement is meant to build something.
CREATE INDEX records_namespace ON records (namespace); -- want: require-concurrent-index-creation 22:1-22:42
