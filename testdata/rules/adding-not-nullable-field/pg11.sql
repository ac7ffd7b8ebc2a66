-- fixture: pg-version=11
CREATE TABLE users (id bigint PRIMARY KEY, phone text);
ALTER TABLE users ADD CONSTRAINT users_phone_not_null CHECK (phone IS NOT NULL);
-- fixture: existing above

-- PostgreSQL 11 scans even with a validated CHECK constraint.
ALTER TABLE users ALTER COLUMN phone SET NOT NULL; -- want: adding-not-nullable-field 7:19-7:50
