CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
-- fixture: existing above

-- Positive: the fix inserts CONCURRENTLY after the object kind.
REINDEX INDEX orders_customer_id_idx; -- want: require-concurrent-reindex 6:1-6:37
REINDEX TABLE orders; -- want: require-concurrent-reindex
REINDEX (VERBOSE) TABLE orders; -- want: require-concurrent-reindex
REINDEX SCHEMA public; -- want: require-concurrent-reindex

-- Negative: CONCURRENTLY in either spelling; REINDEX SYSTEM has no concurrent form.
REINDEX INDEX CONCURRENTLY orders_customer_id_idx;
REINDEX (CONCURRENTLY) TABLE orders;
REINDEX SYSTEM;

-- Negative: a table created in this file.
CREATE TABLE t (id int PRIMARY KEY);
REINDEX TABLE t;
