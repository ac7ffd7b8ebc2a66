-- +goose Up
-- +goose NO TRANSACTION
-- Negative: the file opted out of goose's transaction.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
DROP INDEX CONCURRENTLY orders_old_idx;
