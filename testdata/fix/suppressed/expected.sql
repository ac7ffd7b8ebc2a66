-- Suppressed findings are not fixed; an unused suppression is removed (safe).
-- sqlreview:ignore require-concurrent-index-creation -- built at deploy time, table is empty
CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);
DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;
CREATE INDEX CONCURRENTLY users_name_idx ON users (name);
