DROP DATABASE analytics; -- want: ban-drop-database 1:1-1:24
DROP DATABASE IF EXISTS "Old DB" WITH (FORCE); -- want: ban-drop-database 2:1-2:46

-- Negative.
CREATE DATABASE analytics;
DROP SCHEMA IF EXISTS analytics;
ALTER DATABASE analytics RENAME TO reports;
