-- CONCURRENTLY makes the file run statement by statement: every CREATE,
-- DROP and column change should be re-runnable.
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
CREATE TABLE IF NOT EXISTS audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz);
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text, DROP COLUMN IF EXISTS legacy_flag, ADD COLUMN IF NOT EXISTS bio text;
DROP TABLE IF EXISTS old_audit;
