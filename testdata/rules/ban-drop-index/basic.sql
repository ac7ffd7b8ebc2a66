CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
CREATE UNIQUE INDEX orders_customer_id_idx ON orders (customer_id);
-- fixture: existing above

DROP INDEX orders_customer_id_idx; -- want: ban-drop-index 5:12-5:34
DROP INDEX CONCURRENTLY IF EXISTS app.orders_at_idx; -- want: ban-drop-index 6:35-6:52
DROP INDEX a_idx, -- want: ban-drop-index 7:12-7:17
  b_idx RESTRICT; -- want: ban-drop-index 8:3-8:8

-- Negative: an index created earlier in this file, other drops.
CREATE INDEX orders_tmp_idx ON orders (id);
DROP INDEX orders_tmp_idx;
DROP TABLE IF EXISTS scratch;
