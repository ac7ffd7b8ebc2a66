-- CONCURRENTLY makes the file run statement by statement: every CREATE,
-- DROP and column change should be re-runnable.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz);
ALTER TABLE users ADD COLUMN nickname text, DROP COLUMN legacy_flag, ADD COLUMN bio text;
DROP TABLE old_audit;
