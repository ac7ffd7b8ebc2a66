-- fixture: path=db/migration/V7__orders_status_index.sql
-- Negative: Flyway runs a file that holds CONCURRENTLY outside a transaction.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
