CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture: existing above

-- Negative: set through set_config, before the locking statement.
SELECT set_config('statement_timeout', '5min', false);
ALTER TABLE users ADD COLUMN nickname text;
