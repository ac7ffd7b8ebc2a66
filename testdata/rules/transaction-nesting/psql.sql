-- fixture: runner=psql
-- Negative: psql runs the file's BEGIN ... COMMIT as written.
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
