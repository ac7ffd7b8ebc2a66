CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text, "Total Amount" numeric);
CREATE SCHEMA app;
CREATE TABLE app.events (id bigint, kind text);
CREATE TABLE measurements (ts timestamptz, value float8) PARTITION BY RANGE (ts);
-- fixture: existing above

-- Positive: existing table; the range covers the head up to the table name.
CREATE INDEX orders_customer_id_idx ON orders (customer_id); -- want: require-concurrent-index-creation 8:1-8:46

-- Positive: UNIQUE, IF NOT EXISTS, schema-qualified table, USING and WHERE.
-- want: require-concurrent-index-creation 12:1-12:64
CREATE UNIQUE INDEX IF NOT EXISTS events_kind_key ON app.events USING btree (kind) WHERE kind IS NOT NULL;

-- Positive: unnamed index, quoted column, ONLY.
CREATE INDEX ON ONLY orders ("Total Amount"); -- want: require-concurrent-index-creation 15:1-15:28

-- Positive: statement spread over lines.
CREATE INDEX -- want: require-concurrent-index-creation 18:1-20:12
  orders_status_idx
  ON orders (status);

-- Positive: unknown table counts as existing.
CREATE INDEX ix_unknown ON "Unknown Table" (a); -- want: require-concurrent-index-creation 23:1-23:43

-- Positive inside a transaction too (the fix is then unsafe).
BEGIN;
CREATE INDEX orders_id_status_idx ON orders (id, status); -- want: require-concurrent-index-creation
COMMIT;

-- Negative: CONCURRENTLY.
CREATE INDEX CONCURRENTLY orders_customer_status_idx ON orders (customer_id, status);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_id_key ON app.events (id);

-- Negative: table created earlier in this file.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);

-- Negative: partitioned parent (CONCURRENTLY is not supported there).
CREATE INDEX measurements_ts_idx ON measurements (ts);

-- Negative: unrelated statements.
CREATE TABLE t2 (id int);
DROP INDEX CONCURRENTLY orders_customer_status_idx;
REINDEX INDEX orders_pkey;
