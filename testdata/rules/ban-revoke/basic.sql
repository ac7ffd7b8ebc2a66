CREATE TABLE orders (id bigint PRIMARY KEY);
CREATE TYPE status AS ENUM ('a');
-- fixture: existing above

REVOKE SELECT ON orders FROM reporting; -- want: ban-revoke 5:1-5:39
REVOKE GRANT OPTION FOR ALL ON ALL TABLES IN SCHEMA public FROM app; -- want: ban-revoke 6:1-6:68
REVOKE writers FROM app_user; -- want: ban-revoke 7:1-7:29
ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM app; -- want: ban-revoke 8:1-8:58
ALTER GROUP writers DROP USER app_user; -- want: ban-revoke 9:21-9:39
DROP ROLE IF EXISTS legacy_app; -- want: ban-revoke 10:1-10:31
DROP USER old_user; -- want: ban-revoke 11:1-11:19
DROP OWNED BY legacy_app; -- want: ban-revoke 12:1-12:25
REASSIGN OWNED BY legacy_app TO admin; -- want: ban-revoke 13:1-13:38
ALTER TABLE orders OWNER TO admin; -- want: ban-revoke 14:20-14:34
ALTER TYPE status OWNER TO admin; -- want: ban-revoke 15:19-15:33
ALTER SCHEMA app OWNER TO admin; -- want: ban-revoke 16:18-16:32
ALTER FUNCTION f(integer) OWNER TO admin; -- want: ban-revoke 17:27-17:41

-- Negative: grants, objects created earlier in this file.
GRANT SELECT ON orders TO reporting;
GRANT writers TO app_user;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO app;
ALTER GROUP writers ADD USER app_user;
CREATE TABLE notes (id bigint);
ALTER TABLE notes OWNER TO app;
CREATE TYPE color AS ENUM ('red');
ALTER TYPE color OWNER TO app;
CREATE SCHEMA reports;
ALTER SCHEMA reports OWNER TO app;
