CREATE TABLE orders (id bigint PRIMARY KEY);
CREATE TYPE status AS ENUM ('a');
-- fixture: existing above

ALTER TABLE orders SET SCHEMA archive; -- want: ban-set-schema 5:20-5:38
ALTER TABLE IF EXISTS app.events SET SCHEMA archive; -- want: ban-set-schema 6:34-6:52
ALTER VIEW v SET SCHEMA archive; -- want: ban-set-schema 7:14-7:32
ALTER MATERIALIZED VIEW mv SET SCHEMA archive; -- want: ban-set-schema 8:28-8:46
ALTER FOREIGN TABLE ft SET SCHEMA archive; -- want: ban-set-schema 9:24-9:42
ALTER SEQUENCE s SET SCHEMA archive; -- want: ban-set-schema 10:18-10:36
ALTER FUNCTION f(integer) SET SCHEMA archive; -- want: ban-set-schema 11:27-11:45
ALTER PROCEDURE p() SET SCHEMA archive; -- want: ban-set-schema 12:21-12:39
ALTER TYPE status SET SCHEMA archive; -- want: ban-set-schema 13:19-13:37
ALTER DOMAIN d SET SCHEMA archive; -- want: ban-set-schema 14:16-14:34
ALTER EXTENSION hstore SET SCHEMA archive; -- want: ban-set-schema 15:24-15:42

-- Negative: objects created earlier in this file, other ALTERs.
CREATE TABLE staging_orders (id bigint);
ALTER TABLE staging_orders SET SCHEMA archive;
CREATE TYPE tmp_status AS ENUM ('a');
ALTER TYPE tmp_status SET SCHEMA archive;
CREATE SEQUENCE tmp_ids;
ALTER SEQUENCE tmp_ids SET SCHEMA archive;
ALTER TABLE orders OWNER TO app;
ALTER FUNCTION f(integer) SET search_path TO app;
