CREATE TABLE tax_codes (id bigint PRIMARY KEY);
-- fixture: existing above

-- Negative: a schema this file creates cannot hold a table anyone uses.
CREATE SCHEMA IF NOT EXISTS events;
DROP TABLE IF EXISTS events.run_executions;
DROP TABLE events."Other";
CREATE TABLE events.run_executions (id bigint PRIMARY KEY);

-- Negative: clearing the way for the migration's own temporary table.
DROP TABLE IF EXISTS _dedup_map;
CREATE TEMP TABLE _dedup_map AS SELECT id FROM tax_codes;
DROP TABLE IF EXISTS pg_temp.scratch;
CREATE TEMPORARY TABLE scratch (id bigint);

-- Positive: an unknown table without a later temporary one counts as existing.
DROP TABLE IF EXISTS leftovers; -- want: ban-drop-table 17:22-17:31
CREATE TABLE leftovers (id bigint PRIMARY KEY);

-- Positive: without IF EXISTS the drop is meant to destroy something.
DROP TABLE _dedup_map2; -- want: ban-drop-table 21:12-21:23
CREATE TEMP TABLE _dedup_map2 (id bigint);

-- Positive: a known table, even with a temporary one of its name later.
DROP TABLE IF EXISTS tax_codes; -- want: ban-drop-table 25:22-25:31
CREATE TEMP TABLE tax_codes (id bigint);
