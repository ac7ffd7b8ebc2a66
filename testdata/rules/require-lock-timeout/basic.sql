CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture: existing above

-- Negative: a table created in this file takes no lock anyone waits on.
CREATE TABLE new_t (id bigint);
ALTER TABLE new_t ADD COLUMN x int;

-- Positive: the first locking statement, reported once per file (the range is its first line).
ALTER TABLE users -- want: require-lock-timeout 9:1-9:18
  ADD COLUMN nickname text;
CREATE INDEX users_email_idx ON users (email);
DROP TABLE users;
