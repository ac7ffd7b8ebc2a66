-- fixture: path=prisma/migrations/20240101120000_split/migration.sql
-- Negative: Prisma sends the file as one query. The block commits at COMMIT,
-- and the statements after it form the next implicit transaction, which
-- rolls back as a whole.
BEGIN;
CREATE TABLE invoices (id bigint PRIMARY KEY);
COMMIT;
CREATE TABLE payments (id bigint PRIMARY KEY);
DROP TABLE legacy_payments;
ALTER TABLE orders ADD COLUMN note text;
