CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture: existing above

-- Negative: lock_timeout set before the first locking statement.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;
CREATE INDEX users_email_idx ON users (email);
