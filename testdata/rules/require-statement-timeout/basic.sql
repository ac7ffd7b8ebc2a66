CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture: existing above

SET lock_timeout = '2s';
-- Positive: lock_timeout is not statement_timeout.
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want: require-statement-timeout 6:1-6:50
ALTER TABLE users ADD COLUMN nickname text;
