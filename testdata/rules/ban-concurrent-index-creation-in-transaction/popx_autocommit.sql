-- fixture: runner=popx
-- fixture: path=migrations/sql/20240101000000000000_orders.autocommit.up.sql
-- Negative: popx runs .autocommit. files outside a transaction.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
