CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture: existing above

-- Negative: set first.
SET idle_in_transaction_session_timeout = '10s';
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
