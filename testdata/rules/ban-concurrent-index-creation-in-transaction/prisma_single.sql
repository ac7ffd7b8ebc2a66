-- fixture: path=prisma/migrations/20240101120000_add_index/migration.sql
-- Negative: Prisma's file of a single statement is no transaction block.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
