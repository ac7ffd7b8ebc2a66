-- fixture: runner=popx
-- fixture: path=migrations/sql/20240101000000000000_orders.up.sql
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status); -- want: ban-concurrent-index-creation-in-transaction 3:1-3:26
