CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
CREATE INDEX orders_status_idx ON orders (status);
-- fixture: existing above

-- Negative: outside a transaction block.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
DROP INDEX CONCURRENTLY orders_customer_id_idx;
REINDEX INDEX CONCURRENTLY orders_status_idx;

BEGIN;
-- Positive: the range runs from the start to CONCURRENTLY.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id); -- want: ban-concurrent-index-creation-in-transaction 12:1-12:26
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Orders Id Key" ON public.orders (id); -- want: ban-concurrent-index-creation-in-transaction 13:1-13:33
DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx; -- want: ban-concurrent-index-creation-in-transaction 14:1-14:24
REINDEX TABLE CONCURRENTLY orders; -- want: ban-concurrent-index-creation-in-transaction 15:1-15:27
REINDEX (CONCURRENTLY) INDEX orders_pkey; -- want: ban-concurrent-index-creation-in-transaction 16:1-16:23
-- Positive: tables created in the same transaction are no exception.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id); -- want: ban-concurrent-index-creation-in-transaction
-- Negative: non-concurrent index statements, unrelated statements.
CREATE INDEX orders_status_idx2 ON orders (status);
DROP INDEX orders_status_idx2;
REINDEX INDEX orders_pkey;
VACUUM orders;
COMMIT;

-- Negative: after COMMIT.
CREATE INDEX CONCURRENTLY orders_status_idx3 ON orders (status);

START TRANSACTION;
-- Positive: START TRANSACTION opens a block as well.
CREATE INDEX CONCURRENTLY -- want: ban-concurrent-index-creation-in-transaction 32:1-32:26
  orders_status_idx4 ON orders (status);
ROLLBACK;
DROP INDEX CONCURRENTLY orders_status_idx4;
