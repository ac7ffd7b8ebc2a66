-- migrate:up transaction:false
-- Negative: dbmate's transaction:false.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
