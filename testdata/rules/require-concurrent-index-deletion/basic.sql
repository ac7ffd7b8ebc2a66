CREATE SCHEMA app;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX "Orders Mixed Idx" ON orders (status, id);
CREATE TABLE app.events (id bigint, kind text);
CREATE INDEX events_kind_idx ON app.events (kind);
CREATE TABLE measurements (ts timestamptz, value float8) PARTITION BY RANGE (ts);
CREATE INDEX measurements_ts_idx ON measurements (ts);
-- fixture: existing above

-- Positive: the range covers DROP INDEX and the name; the fix inserts CONCURRENTLY.
DROP INDEX orders_customer_id_idx; -- want: require-concurrent-index-deletion 13:1-13:34

-- Positive: IF EXISTS, schema-qualified, RESTRICT left out of the range.
DROP INDEX IF EXISTS app.events_kind_idx RESTRICT; -- want: require-concurrent-index-deletion 16:1-16:41

-- Positive: quoted name.
DROP INDEX "Orders Mixed Idx"; -- want: require-concurrent-index-deletion 19:1-19:30

-- Positive: several indexes (no fix: CONCURRENTLY drops one at a time), CASCADE.
DROP INDEX orders_status_idx, orders_pkey CASCADE; -- want: require-concurrent-index-deletion 22:1-22:42

-- Positive: unknown index.
DROP INDEX IF EXISTS no_such_idx; -- want: require-concurrent-index-deletion 25:1-25:33

-- Positive: multi-line inside a transaction.
BEGIN;
DROP INDEX -- want: require-concurrent-index-deletion 29:1-30:17
  some_other_idx;
COMMIT;

-- Negative: CONCURRENTLY.
DROP INDEX CONCURRENTLY orders_customer_id_idx;
DROP INDEX CONCURRENTLY IF EXISTS app.events_kind_idx;

-- Negative: index on a table created earlier in this file.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
DROP INDEX invoices_order_id_idx;

-- Negative: index of a partitioned table (CONCURRENTLY is not supported there).
DROP INDEX measurements_ts_idx;

-- Negative: unrelated statements.
DROP TABLE IF EXISTS scratch;
DROP VIEW IF EXISTS v;
CREATE INDEX CONCURRENTLY x_idx ON orders (id);
