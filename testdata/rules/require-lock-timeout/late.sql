CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture: existing above

-- Negative: CONCURRENTLY builds and reads take no blocking lock.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
SELECT count(*) FROM users;

-- Positive: set to 0 (no limit) does not count; set after the statement neither.
SET lock_timeout = 0;
TRUNCATE users; -- want: require-lock-timeout
SET LOCAL lock_timeout = '1s';
TRUNCATE users;
