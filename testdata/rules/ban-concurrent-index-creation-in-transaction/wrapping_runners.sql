-- fixture: runner=sqlx
-- sqlx wraps every file unless its first line is -- no-transaction.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status); -- want: ban-concurrent-index-creation-in-transaction 3:1-3:26
