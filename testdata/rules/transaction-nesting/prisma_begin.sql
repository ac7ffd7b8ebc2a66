-- fixture: path=prisma/migrations/20240101120000_nick/migration.sql
-- Negative: BEGIN turns Prisma's implicit transaction into an explicit one.
ALTER TABLE users ADD COLUMN nickname text;
BEGIN;
UPDATE users SET nickname = name WHERE nickname IS NULL;
COMMIT;
-- A COMMIT with nothing opened in the file ends the next implicit transaction early.
ALTER TABLE users ADD COLUMN handle text;
COMMIT; -- want: transaction-nesting 9:1-9:7 /ends the implicit transaction early \(prisma sends the file as one query/
ALTER TABLE users ADD COLUMN avatar text;
