-- Index changes on existing tables: CONCURRENTLY is safe here, and once
-- the file runs statement by statement, IF [NOT] EXISTS makes it re-runnable.
DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx;
REINDEX INDEX orders_customer_idx;
REFRESH MATERIALIZED VIEW order_totals;
