-- fixture: assume-in-transaction=false
-- fixture: path=prisma/migrations/20240101120000_add_indexes/migration.sql
-- Negative: the switch overrides the layout.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id);
