-- no-transaction
-- fixture: runner=sqlx
-- Negative: the first line opts out of sqlx's transaction.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
