-- Negative: every transaction is closed, by COMMIT, END, ROLLBACK or ABORT.
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
begin transaction;
SELECT 1;
end;
START TRANSACTION;
ROLLBACK;
BEGIN WORK;
ABORT;
BEGIN;
PREPARE TRANSACTION 'tx1';
COMMIT PREPARED 'tx1';
-- No transaction at all.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
