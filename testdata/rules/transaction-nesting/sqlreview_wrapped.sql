-- Negative: sqlreview replaces a file's opening BEGIN and closing COMMIT
-- with its own transaction.
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
