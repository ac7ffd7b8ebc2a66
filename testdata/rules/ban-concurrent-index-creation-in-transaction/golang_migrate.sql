-- fixture: path=db/migrations/000042_add_indexes.up.sql
-- golang-migrate's <version>_<name>.up.sql: one query, one implicit transaction.
CREATE INDEX orders_customer_idx ON orders (customer_id);
REINDEX INDEX CONCURRENTLY orders_status_idx; -- want: ban-concurrent-index-creation-in-transaction 4:1-4:27
