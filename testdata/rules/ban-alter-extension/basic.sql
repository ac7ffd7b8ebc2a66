ALTER EXTENSION postgis UPDATE TO '3.4.0'; -- want: ban-alter-extension 1:25-1:42
ALTER EXTENSION hstore UPDATE; -- want: ban-alter-extension 2:24-2:30
ALTER EXTENSION postgis DROP FUNCTION legacy_fn(integer); -- want: ban-alter-extension 3:25-3:57

-- Negative: ADD, SET SCHEMA (ban-set-schema's), CREATE / DROP.
ALTER EXTENSION postgis ADD FUNCTION legacy_fn(integer);
ALTER EXTENSION postgis SET SCHEMA gis;
CREATE EXTENSION IF NOT EXISTS citext;
