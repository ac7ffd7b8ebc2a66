-- Suppressed findings are not fixed; an unused suppression is removed (safe).
-- sqlreview:ignore require-concurrent-index-creation -- built at deploy time, table is empty
CREATE INDEX users_email_idx ON users (email);
-- sqlreview:ignore ban-drop-column -- nothing drops a column here
CREATE INDEX users_name_idx ON users (name);
