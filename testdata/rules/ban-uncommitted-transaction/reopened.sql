-- The first transaction is closed; the second is not.
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;

START TRANSACTION ISOLATION LEVEL SERIALIZABLE; -- want: ban-uncommitted-transaction 6:1-6:47
UPDATE users SET nickname = name WHERE nickname IS NULL;
SAVEPOINT s1;
ROLLBACK TO SAVEPOINT s1;
RELEASE SAVEPOINT s1;
