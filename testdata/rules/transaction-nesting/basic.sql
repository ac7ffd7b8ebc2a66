BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
BEGIN; -- want: transaction-nesting 3:1-3:6
UPDATE users SET nickname = name WHERE nickname IS NULL;
COMMIT;
COMMIT; -- want: transaction-nesting 6:1-6:7

-- Stray COMMIT / ROLLBACK / END with no BEGIN in the file.
ROLLBACK; -- want: transaction-nesting 9:1-9:9
END; -- want: transaction-nesting 10:1-10:4
abort; -- want: transaction-nesting 11:1-11:6

-- START TRANSACTION nested in BEGIN.
BEGIN ISOLATION LEVEL READ COMMITTED;
START TRANSACTION READ WRITE; -- want: transaction-nesting 15:1-15:29
COMMIT;

-- Negative: a single, properly closed transaction with savepoints.
BEGIN;
SAVEPOINT a;
ROLLBACK TO SAVEPOINT a;
RELEASE SAVEPOINT a;
COMMIT;
START TRANSACTION;
ROLLBACK;

-- Negative: two-phase commit statements outside a transaction.
COMMIT PREPARED 'tx1';
ROLLBACK PREPARED 'tx2';
