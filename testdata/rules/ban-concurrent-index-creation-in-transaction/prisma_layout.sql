-- fixture: path=prisma/migrations/20240101120000_add_indexes/migration.sql
-- Prisma sends the file as one query: several statements run as one implicit transaction.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id); -- want: ban-concurrent-index-creation-in-transaction 4:1-4:26 /and prisma sends the file as one query, which runs as one implicit transaction .*; run it as the only statement of its migration file/
-- After COMMIT the rest of the query is the next implicit transaction.
COMMIT;
DROP INDEX CONCURRENTLY invoices_order_id_idx; -- want: ban-concurrent-index-creation-in-transaction 7:1-7:24
