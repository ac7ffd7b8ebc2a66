CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture: existing above

BEGIN;
SET lock_timeout = '2s';
-- Positive.
CREATE TRIGGER t AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION f(); -- want: require-idle-in-transaction-timeout
COMMIT;
