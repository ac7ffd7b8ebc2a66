CREATE SCHEMA reporting;
-- fixture: existing above

-- Positive: existing or unknown schemas.
DROP SCHEMA reporting CASCADE; -- want: ban-drop-schema 5:1-5:30
DROP SCHEMA IF EXISTS legacy; -- want: ban-drop-schema

-- Negative: a schema created in this file; other drops.
CREATE SCHEMA scratch;
DROP SCHEMA scratch;
DROP TABLE IF EXISTS x;
